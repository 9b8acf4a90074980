import { cookies } from "next/headers";
import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { CommandPalette } from "@/components/nav/command-palette";
import { NavLinks } from "@/components/nav/nav-links";
import { NavShell } from "@/components/nav/nav-shell";
import { RestoreRefresh } from "@/components/nav/restore-refresh";
import { UserPanel } from "@/components/nav/user-panel";
import { Providers } from "@/components/providers";
import { ServerNow } from "@/components/ui/time";
import { pagesFor, paletteActionsFor } from "@/lib/auth/pages";
import { requireSession } from "@/lib/auth/session";
import { parseTheme, THEME_COOKIE } from "@/lib/ui/theme";

// No loading.tsx in this group or above it: a Suspense boundary there would start streaming
// before requireSession()/requirePage() run, and turn the 307 and 403 answers into 200s.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <ServerNow now={new Date().getTime()}>
      <div className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
        <a
          href="#main"
          className="sr-only rounded-md bg-primary px-3 py-2 text-sm text-primary-foreground focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <aside className="flex flex-col gap-4 border-b bg-card p-4 md:sticky md:top-0 md:h-dvh md:overflow-y-auto md:border-r md:border-b-0">
          <NavShell
            brand={
              <Link href="/" className="px-3 text-base font-semibold tracking-tight">
                Opsdeck
              </Link>
            }
            search={<CommandPalette pages={pagesFor(user.role).map(({ label, href }) => ({ label, href }))} actions={paletteActionsFor(user.role)} />}
          >
            <nav aria-label="Main">
              <NavLinks items={pagesFor(user.role)} />
            </nav>
            <div className="md:mt-auto">
              <UserPanel user={user} theme={theme} />
            </div>
          </NavShell>
        </aside>
        <main id="main" className="min-w-0 px-4 py-6 md:px-8 md:py-8">
          <Providers>{children}</Providers>
          <RestoreRefresh />
        </main>
      </div>
    </ServerNow>
  );
}
