import "server-only";
import { forbidden } from "next/navigation";
import { ForbiddenError } from "../errors";
import { authorize } from "./authorize";
import { PAGES, type PageHref } from "./pages";
import { requireSession, type SessionAccess } from "./session";

/**
 * The first call of every console page: the signed-in user (or a redirect to /login) whose
 * role meets the page's row in PAGES (or an audited 403 page). Returns the AccessContext the
 * page passes to the data-access layer, and the user for what the page shows of them.
 */
export async function requirePage(href: PageHref): Promise<SessionAccess> {
  const access = await requireSession();
  const page = PAGES.find((p) => p.href === href)!;
  try {
    await authorize(access, page.minRole, `page:${href}`);
  } catch (err) {
    if (err instanceof ForbiddenError) forbidden();
    throw err;
  }
  return access;
}
