"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define";
import { verifyAuditTrail } from "@/lib/audit/verify-trail";

export const verifyAuditChainAction = defineAction({ name: "audit.verify", input: z.object({}), role: "admin" }, (ctx) => verifyAuditTrail(ctx));
