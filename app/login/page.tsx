import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { SearchParams } from "nuqs/server";
import { ssoProviders } from "@/lib/auth/options";
import { getSessionUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { DemoSignIns } from "@/components/login/demo-sign-ins";
import { LoginForm } from "@/components/login/login-form";
import { loadLoginSearch } from "./search-params";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<SearchParams> };

export default async function LoginPage({ searchParams }: Props) {
  if (await getSessionUser()) redirect("/");
  const { callbackUrl, error } = await loadLoginSearch(searchParams);
  const sso = ssoProviders();
  return (
    <main id="main" className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <div className="flex flex-col gap-1">
        <p className="text-sm font-semibold tracking-tight text-muted-foreground">Opsdeck</p>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      </div>
      <LoginForm
        callbackUrl={callbackUrl}
        initialError={error}
        github={sso.github}
        oidc={sso.oidc}
      />
      {getConfig().OPSDECK_DEMO ? <DemoSignIns /> : null}
    </main>
  );
}
