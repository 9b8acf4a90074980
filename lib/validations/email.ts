import { z } from "zod";

// An email address within the lengths mail servers accept (RFC 5321 §4.5.3.1): a local part of
// at most 64 octets, a domain of at most 255, and a whole address of at most 254 (the 256-octet
// path less its angle brackets). Messages are sentences shown under the field as they are.

export const EMAIL_LIMITS = { local: 64, domain: 255, total: 254 } as const;

const octets = (s: string) => new TextEncoder().encode(s).length;

export const emailAddressSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(EMAIL_LIMITS.total * 4, `An email address is at most ${EMAIL_LIMITS.total} characters.`)
  .pipe(z.email("Enter an email address like name@example.com."))
  .superRefine((email, ctx) => {
    const at = email.lastIndexOf("@");
    if (octets(email.slice(0, at)) > EMAIL_LIMITS.local) ctx.addIssue({ code: "custom", message: `The part before @ is at most ${EMAIL_LIMITS.local} characters.` });
    else if (octets(email.slice(at + 1)) > EMAIL_LIMITS.domain) ctx.addIssue({ code: "custom", message: `The domain is at most ${EMAIL_LIMITS.domain} characters.` });
    else if (octets(email) > EMAIL_LIMITS.total) ctx.addIssue({ code: "custom", message: `An email address is at most ${EMAIL_LIMITS.total} characters.` });
  });
