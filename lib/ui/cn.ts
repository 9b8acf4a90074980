import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names; a later Tailwind utility wins over an earlier one of the same kind. One
 * part alone (a component's own classes, no caller className) has nothing to merge against
 * and is returned as it is, so tailwind-merge is not set up in the browser for it.
 */
export function cn(...inputs: ClassValue[]): string {
  const parts = inputs.filter(Boolean);
  if (parts.length === 1 && typeof parts[0] === "string") return parts[0];
  return twMerge(clsx(inputs));
}

/**
 * Joins class names without resolving conflicts, for lists whose parts cannot conflict (a
 * component's own classes and its state's, no caller className). Client components use it:
 * tailwind-merge builds its tables on first use, about 9 ms of a phone's hydration.
 */
export const cx = clsx;
