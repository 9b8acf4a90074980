import { Link } from "@/components/ui/link";
import { buttonClasses } from "@/components/ui/button";
import { StatusPage } from "@/components/status-page";

/** notFound() from a console page: rendered inside the shell, whose <main> already wraps it. */
export default function ConsoleNotFound() {
  return (
    <StatusPage landmark={false} code="404" title="Not found" action={<Link href="/" className={buttonClasses()}>Go to the overview</Link>}>
      It may have been deleted, or you may not be allowed to see it.
    </StatusPage>
  );
}
