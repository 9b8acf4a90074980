import "server-only";
import type { AccessContext } from "../auth/principal";
import { assertRole } from "../auth/session";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { ForbiddenError } from "../errors";
import { verifyAuditChain, type VerifyResult } from "./verify";

/** The console's "Verify chain": admins only; checks and extends the anchor file when configured. */
export async function verifyAuditTrail(ctx: AccessContext): Promise<VerifyResult> {
  if (ctx.principal.kind !== "user") throw new ForbiddenError("Verifying the audit chain is for signed-in admins");
  await assertRole(ctx.principal.user, "admin", "action audit.verify");
  return verifyAuditChain(getDb(), { anchorFile: getConfig().AUDIT_ANCHOR_FILE });
}
