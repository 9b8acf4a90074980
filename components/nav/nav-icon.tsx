import type { NavIcon as NavIconName } from "./nav-items";

const PATHS: Record<NavIconName, string> = {
  overview: "M3 13h8V3H3zm10 8h8V11h-8zM3 21h8v-6H3zm10-18v6h8V3z",
  system: "M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01",
};

/** Decorative: the link text names the page. */
export function NavIcon({ name }: { name: NavIconName }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[name]} />
    </svg>
  );
}
