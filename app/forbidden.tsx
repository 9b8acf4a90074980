import { headers } from "next/headers";
import { Link } from "@/components/ui/link";
import { requiredRoleForPath } from "@/lib/auth/pages";
import { buttonClasses } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";

// forbidden.tsx takes no props, so the role a page needs is looked up from the path proxy.ts
// forwards, in the same list the sidebar is built from. forbidden() is only called by console
// pages, and Next renders this inside their layout, whose <main> already wraps it.
export default async function Forbidden() {
  const path = ((await headers()).get("x-opsdeck-path") ?? "/").split("?")[0] ?? "/";
  const role = requiredRoleForPath(path);
  return (
    <StatusPage landmark={false} code="403" title="You do not have access to this page" action={<Link href="/" className={buttonClasses()}>Go to the overview</Link>}>
      {role ? (
        <>
          This page needs the <strong className="font-semibold text-foreground">{role}</strong> role. Ask an admin if you need it.
        </>
      ) : (
        "Your role does not allow this. Ask an admin if you need it."
      )}
    </StatusPage>
  );
}
