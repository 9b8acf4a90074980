import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <StatusPage code="404" title="Page not found" action={<Link href="/" className={buttonClasses()}>Go to the overview</Link>}>
      There is nothing at this address. It may have been moved, or the link may be mistyped.
    </StatusPage>
  );
}
