"use client";

import { useEffect, useRef, useState, type HTMLAttributes } from "react";
import { cx } from "@/lib/ui/cn";

/**
 * A box that scrolls (a wide table on a phone, a long log): while its content overflows it is
 * a tab stop, so keyboard users can scroll it with the arrow keys (axe: scrollable-region-
 * focusable); while it does not, it adds no tab stop. With `label` it is a named region.
 */
export function ScrollBox({ label, className, ...props }: HTMLAttributes<HTMLDivElement> & { label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    // New content (a log's appended lines) changes the children, not always the box.
    const mutations = new MutationObserver(() => {
      for (const child of box.children) observer.observe(child);
      check();
    });
    mutations.observe(box, { childList: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, []);
  return (
    <div
      ref={ref}
      tabIndex={scrolls ? 0 : undefined}
      {...(label ? { role: "region", "aria-label": label } : {})}
      className={cx("focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none", className)}
      {...props}
    />
  );
}
