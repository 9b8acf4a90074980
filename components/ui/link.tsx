import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The console's link: next/link without prefetching unless asked for (`prefetch`). Every
 * console page is dynamic, so a prefetch fetches only the route tree and metadata (about
 * 1 KB), not the page, yet renders on the server: a project page fired 12 of them while it
 * was still loading on a phone, whose main thread was blocked longer for them. A click asks
 * for the page either way. Not a client component itself: server pages render it as they
 * would next/link.
 */
export function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
