// The detail panel's before/after table, from an event's `changes`: updates record
// `{ field: { from, to } }`, creations a flat `{ field: value }` (before: nothing).

export type DiffRow = { field: string; before: string | null; after: string | null; changed: boolean };

const isFromTo = (v: unknown): v is { from: unknown; to: unknown } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && "from" in v && "to" in v;

function show(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

export function diffRows(changes: Record<string, unknown> | null): DiffRow[] {
  if (!changes) return [];
  return Object.entries(changes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, value]) => {
      const before = isFromTo(value) ? show(value.from) : null;
      const after = isFromTo(value) ? show(value.to) : show(value);
      return { field, before, after, changed: before !== after };
    });
}
