"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { cx } from "@/lib/ui/cn";

/**
 * The collapsible part of the sidebar. From `md` up it is always shown; below it a menu button
 * opens and closes it, and it closes again after a navigation, so a phone gets the page back.
 * Any console page section (the alerting pages included) inherits it from the layout. The
 * search (command palette) stays outside the collapsible part, so phones reach it too.
 */
export function NavShell({ brand, search, children }: { brand: ReactNode; search?: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  // Close on navigation: compared during render rather than in an effect (no extra paint).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <div className="flex items-center justify-between gap-2">
        {brand}
        <button
          type="button"
          aria-expanded={open}
          aria-controls="console-nav"
          onClick={() => setOpen((v) => !v)}
          className="inline-flex h-9 items-center gap-2 rounded-md border px-3 text-sm font-medium hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none md:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
            <path d={open ? "M6 6l12 12M18 6 6 18" : "M4 7h16M4 12h16M4 17h16"} />
          </svg>
          Menu
        </button>
      </div>
      {search}
      <div id="console-nav" className={cx("flex-1 flex-col gap-4 md:flex", open ? "flex" : "hidden")}>
        {children}
      </div>
    </>
  );
}
