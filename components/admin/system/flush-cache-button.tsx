"use client";

import { flushCacheAction } from "@/app/(console)/admin/system/actions";
import { useRunAction } from "@/components/admin/run-action";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** Flushes one tag, or everything when `tag` is omitted. */
export function FlushCacheButton({ tag, acrossInstances }: { tag?: string; acrossInstances: boolean }) {
  const run = useRunAction();
  const what = tag ? `the cache entries tagged ${tag}` : "the whole cache";
  return (
    <ConfirmDialog
      triggerLabel={tag ? <span>Flush<span className="sr-only"> {tag}</span></span> : "Flush all"}
      destructive
      title={`Flush ${what}?`}
      description={acrossInstances ? "Every instance drops these entries; they are reloaded on the next read." : "This instance drops these entries; they are reloaded on the next read."}
      confirmLabel="Flush"
      onConfirm={async () => {
        const result = await run(() => flushCacheAction(tag ? { tag } : { all: true }), `Flushed ${what}`);
        return "error" in result ? result.error : undefined;
      }}
    />
  );
}
