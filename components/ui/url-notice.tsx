import { describeIgnored, type IgnoredParam } from "@/lib/search-params/ignored";

/** Says which URL parameters the page could not use and what it shows instead. Nothing when all were used. */
export function UrlNotice({ ignored, fallback }: { ignored: IgnoredParam[]; fallback: string }) {
  if (ignored.length === 0) return null;
  return (
    <div role="status" data-testid="url-notice" className="mb-4 rounded-md border border-warning bg-warning-soft px-3 py-2 text-sm text-warning-soft-foreground">
      <span className="font-medium">Ignored {ignored.length === 1 ? "a URL parameter" : "URL parameters"}: </span>
      <span className="font-mono text-xs break-all">{ignored.map(describeIgnored).join(", ")}</span>. {fallback}
    </div>
  );
}
