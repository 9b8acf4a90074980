import "server-only";
import { type AccessContext } from "../auth/principal";
import { authorize } from "../auth/authorize";
import { getConfig } from "../config";
import { getDb } from "../db/client";
import { verifyAuditChain, type VerifyResult } from "./verify";

/** The console's "Verify chain": admins only; checks and extends the anchor file when configured. */
export async function verifyAuditTrail(ctx: AccessContext): Promise<VerifyResult> {
  await authorize(ctx, "admin", "action audit.verify");
  return verifyAuditChain(getDb(), { anchorFile: getConfig().AUDIT_ANCHOR_FILE });
}
