import { describe, expect, it } from "vitest";
import { EMAIL_LIMITS, emailAddressSchema } from "@/lib/validations/email";

const message = (value: string) => {
  const r = emailAddressSchema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("emailAddressSchema (RFC 5321 lengths)", () => {
  it("accepts and lower-cases a normal address, at the limits too", () => {
    expect(emailAddressSchema.parse("  Ada@Example.COM ")).toBe("ada@example.com");
    const local = "a".repeat(EMAIL_LIMITS.local);
    expect(message(`${local}@example.com`)).toBeNull();
  });
  it("refuses a local part over 64 characters with a sentence that says so", () => {
    expect(message(`${"a".repeat(65)}@example.com`)).toBe("The part before @ is at most 64 characters.");
    expect(message(`${"a".repeat(300)}@example.com`)).toBe("The part before @ is at most 64 characters.");
  });
  it("refuses a whole address over 254 characters", () => {
    const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.${"g".repeat(60)}.com`;
    expect(message(`${"a".repeat(10)}@${domain}`)).toBe("An email address is at most 254 characters.");
  });
  it("explains an empty or malformed address", () => {
    expect(message("")).toBe("Enter an email address.");
    expect(message("not-an-email")).toBe("Enter an email address like name@example.com.");
  });
});
