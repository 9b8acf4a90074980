"use client";

import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { setProjectArchivedAction } from "@/app/(console)/projects/actions";

/** Admin only (the page renders it for projects:write; the action and domain check again). */
export function ArchiveProjectButton({ slug, name, archived }: { slug: string; name: string; archived: boolean }) {
  const router = useRouter();
  const { toast } = useToast();
  const verb = archived ? "Unarchive" : "Archive";
  return (
    <ConfirmDialog
      triggerLabel={verb}
      // A quiet trigger: archiving is rare, not the page's main action; the dialog's confirm stays red.
      triggerVariant="outline"
      destructive={!archived}
      title={`${verb} project ${name} (${slug})?`}
      description={
        archived
          ? "Integrations can report runs to it again."
          : "Integrations can no longer create runs in it. Its runs and logs stay readable, and you can unarchive it later."
      }
      confirmLabel={verb}
      onConfirm={async () => {
        const result = await setProjectArchivedAction({ slug, archived: !archived });
        if (!result.ok) {
          toast({ title: `Could not ${verb.toLowerCase()} ${name}`, description: result.error, variant: "error" });
          return result.error;
        }
        toast({ title: `${name} ${result.data.archived ? "archived" : "unarchived"}`, variant: "success" });
        router.refresh();
      }}
    />
  );
}
