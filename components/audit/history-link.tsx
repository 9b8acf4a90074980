import { Link } from "@/components/ui/link";
import { auditHistoryHref } from "@/lib/audit/links";
import { cn } from "@/lib/ui/cn";

/**
 * "History": this object's events on /audit (admins only can open it; show it to them).
 * `subject` names the object for screen readers ("History of deploy-bot") without
 * printing a long name twice in a table row, where it would not truncate.
 */
export function AuditHistoryLink({ targetType, targetId, label = "History", subject, className }: { targetType: string; targetId: string; label?: string; subject?: string; className?: string }) {
  return (
    <Link href={auditHistoryHref(targetType, targetId)} className={cn("text-sm font-medium text-primary underline-offset-4 hover:underline", className)}>
      {label}
      {subject ? <span className="sr-only"> of {subject}</span> : null}
    </Link>
  );
}
