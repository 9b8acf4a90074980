import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { LayoutFault } from "@/components/e2e/layout-fault";
import { SentryMeta } from "@/components/sentry-meta";
import { getConfig } from "@/lib/config";
import { parseTheme, THEME_COOKIE, themeClass } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · Opsdeck", default: "Opsdeck" },
  description: "Self-hostable operations console: runs, health, metrics, slow queries and an audit trail.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { colorScheme: "light dark" };

// The theme class comes from the cookie on the server, so no inline script (which the CSP
// would need a nonce for) has to fix it before paint. Reading cookies also keeps every page
// dynamically rendered, which the per-request CSP nonce requires.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={themeClass(theme)}>
      <head>
        <SentryMeta />
      </head>
      <body>
        {children}
        {getConfig().OPSDECK_E2E_FAULTS ? <LayoutFault /> : null}
      </body>
    </html>
  );
}
