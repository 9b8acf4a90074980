import { Link } from "@/components/ui/link";
import { Button, buttonClasses } from "@/components/ui/button";

/** The end of an alerting form: the Enabled box, Save/Create, and Cancel while editing. */
export function FormFooter({ enabled, pending, editing, noun }: { enabled: boolean; pending: boolean; editing: boolean; noun: string }) {
  return (
    <>
      <label className="flex items-center gap-1.5 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={enabled} className="size-4 accent-primary" />
        Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : editing ? `Save ${noun}` : `Create ${noun}`}
        </Button>
        {editing ? (
          <Link href="/alerts" className={buttonClasses({ variant: "ghost" })}>
            Cancel
          </Link>
        ) : null}
      </div>
    </>
  );
}
