"use client";

import NextLink from "next/link";
import { useState, type ComponentProps } from "react";

/**
 * The console's link: next/link, prefetching when the reader shows intent (pointer over it,
 * keyboard focus, a finger down) instead of whenever it scrolls into view. Every console page
 * is dynamic, so a viewport prefetch fetches only the route tree and metadata (about 1 KB),
 * yet renders on the server: a project page fired 12 of them while it was still loading, on a
 * phone's slow CPU, and its main thread was blocked longer for them.
 * `prefetch={false}` turns prefetching off altogether.
 */
export function Link({ prefetch, onMouseEnter, onFocus, onTouchStart, ...props }: ComponentProps<typeof NextLink>) {
  const [intent, setIntent] = useState(false);
  const showIntent = () => {
    if (!intent) setIntent(true);
  };
  return (
    <NextLink
      {...props}
      prefetch={prefetch === false || !intent ? false : (prefetch ?? null)}
      onMouseEnter={(e) => {
        showIntent();
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        showIntent();
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        showIntent();
        onTouchStart?.(e);
      }}
    />
  );
}
