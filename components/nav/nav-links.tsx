"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { cx } from "@/lib/ui/cn";
import { NavIcon } from "./nav-icon";
import { isActivePath, type ConsolePage } from "@/lib/auth/pages";

/** The client leaf of the sidebar: only the active highlight needs the browser's path. */
export function NavLinks({ items }: { items: ConsolePage[] }) {
  const pathname = usePathname();
  return (
    <ul className="grid grid-cols-2 gap-1 sm:grid-cols-3 md:flex md:flex-col">
      {items.map((item) => {
        const active = isActivePath(item.href, pathname);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cx(
                "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
              )}
            >
              <NavIcon name={item.icon} />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
