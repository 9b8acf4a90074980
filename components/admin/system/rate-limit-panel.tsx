import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RateLimitState, RateLimitSubject } from "@/lib/system/rate-limits";
import { formatNumber } from "@/lib/ui/format";
import { Select } from "../select";
import { ResetRateLimitButton } from "./reset-rate-limit-button";
import { Time } from "@/components/ui/time";

const KIND_LABEL = { key: "API key (prefix or id)", user: "User (email)", ip: "IP address (sign-in)" } as const;

/** A GET form: the subject lives in the URL (?rlKind=&rl=), so a lookup is a shareable link. */
export function RateLimitPanel({ subject, typed, state, error }: { subject: RateLimitSubject | null; typed: string; state: RateLimitState | null; error: { at: "kind" | "value"; message: string } | null }) {
  const invalid = (at: "kind" | "value") => (error?.at === at ? { "aria-invalid": true, "aria-describedby": `rl-${at}-error` } : {});
  const message = (at: "kind" | "value") =>
    error?.at === at ? (
      <p id={`rl-${at}-error`} role="alert" data-testid="field-error" className="text-xs font-medium text-danger-text">
        {error.message}
      </p>
    ) : null;
  return (
    <div className="flex flex-col gap-4">
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Look up rate limits">
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor="rl-kind">Subject</Label>
          <Select id="rl-kind" name="rlKind" defaultValue={subject?.kind ?? "key"} {...invalid("kind")}>
            {Object.entries(KIND_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
          {message("kind")}
        </div>
        <div className="flex min-w-56 flex-1 flex-col gap-1">
          <Label htmlFor="rl-value">Key, email or IP</Label>
          <Input
            id="rl-value"
            name="rl"
            defaultValue={subject?.value ?? typed}
            required
            placeholder="opk_3fA2b1c9"
            autoComplete="off"
            {...invalid("value")}
          />
          {message("value")}
        </div>
        <Button type="submit" variant="outline">
          Look up
        </Button>
      </form>
      {state ? (
        <div className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm">
              <span className="text-muted-foreground">Counters for</span> <span className="font-medium">{state.label}</span>
            </p>
            <ResetRateLimitButton subject={state.subject} label={state.label} />
          </div>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Class</TableHead>
                <TableHead>Remaining</TableHead>
                <TableHead>Window resets</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {state.counters.map((c) => (
                <TableRow key={c.policy}>
                  <TableCell className="font-mono text-xs">{c.policy}</TableCell>
                  <TableCell>
                    <Badge tone={c.remaining <= 0 ? "danger" : c.remaining < c.limit ? "warning" : "success"}>
                      {formatNumber(c.remaining)} / {formatNumber(c.limit)}
                    </Badge>
                  </TableCell>
                  <TableCell>{c.resetAt ? <Time iso={c.resetAt} /> : <span className="text-muted-foreground">nothing counted</span>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : !error ? (
        <EmptyState title="No subject chosen" description="Look up an API key, a user or an IP to see how much of each limit it has left." />
      ) : null}
    </div>
  );
}
