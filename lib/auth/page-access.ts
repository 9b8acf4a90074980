import "server-only";
import type { AccessContext } from "./principal";
import { requestMetaFrom } from "../http/request-meta";
import { requestHeaders } from "../http/request-scope";
import type { SessionUser } from "./users";

/** The AccessContext of a signed-in user for a page's calls into the data-access layer. */
export async function pageAccess(user: SessionUser): Promise<AccessContext> {
  return { principal: { kind: "user", user }, meta: requestMetaFrom(await requestHeaders()) };
}
