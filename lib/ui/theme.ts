// Shared by the root layout (server, reads the cookie) and the toggle (client, writes it).
// No cookie, or "system", leaves <html> without a class and CSS follows prefers-color-scheme.

export const THEME_COOKIE = "opsdeck-theme";
export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined | null): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/** The class <html> carries for a theme; undefined for "system". */
export function themeClass(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}
