"use client";

import { useState } from "react";
import { cx } from "@/lib/ui/cn";
import { THEME_COOKIE, THEMES, themeClass, type Theme } from "@/lib/ui/theme";

const LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };
const ICONS: Record<Theme, string> = {
  light: "M12 4V2m0 20v-2m8-8h2M2 12h2m13.66-5.66 1.41-1.41M4.93 19.07l1.41-1.41m0-11.32L4.93 4.93m14.14 14.14-1.41-1.41M16 12a4 4 0 1 1-8 0 4 4 0 0 1 8 0",
  dark: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8",
  system: "M3 4h18v12H3zM8 20h8M12 16v4",
};

function applyTheme(theme: Theme) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  const cls = themeClass(theme);
  if (cls) root.classList.add(cls);
}

/** Light / dark / system. The server reads the same cookie, so the next page load paints right. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  return (
    <div role="group" aria-label="Colour theme" className="inline-flex rounded-md border p-0.5">
      {THEMES.map((t) => (
        <button
          key={t}
          type="button"
          aria-pressed={theme === t}
          title={`${LABELS[t]} theme`}
          onClick={() => {
            setTheme(t);
            applyTheme(t);
          }}
          className={cx(
            "inline-flex size-7 items-center justify-center rounded-sm transition-colors",
            "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
            theme === t ? "bg-muted text-foreground" : "text-muted-foreground hover:text-foreground",
          )}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round">
            <path d={ICONS[t]} />
          </svg>
          <span className="sr-only">{LABELS[t]} theme</span>
        </button>
      ))}
    </div>
  );
}
