import "server-only";
import { headers } from "next/headers";
import { requestMetaFrom } from "../http/request-meta";
import type { AccessContext } from "./principal";
import type { SessionUser } from "./users";

/** The AccessContext a page passes to domain functions for its signed-in user. */
export async function pageAccess(user: SessionUser): Promise<AccessContext> {
  return { principal: { kind: "user", user }, meta: requestMetaFrom(await headers()) };
}
