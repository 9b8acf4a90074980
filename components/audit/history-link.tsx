import { Link } from "@/components/ui/link";
import { auditHistoryHref } from "@/lib/audit/links";
import { cn } from "@/lib/ui/cn";

/** "History": this object's events on /audit (admins only can open it; show it to them). */
export function AuditHistoryLink({ targetType, targetId, label = "History", className }: { targetType: string; targetId: string; label?: string; className?: string }) {
  return (
    <Link href={auditHistoryHref(targetType, targetId)} className={cn("text-sm font-medium text-primary underline-offset-4 hover:underline", className)}>
      {label}
    </Link>
  );
}
