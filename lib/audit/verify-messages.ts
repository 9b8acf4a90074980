// What a verification outcome means, in words; shared by the CLI and the console (no server imports).

export type BreakReason = "hash_mismatch" | "gap" | "broken_link" | "tail_truncated" | "anchor_mismatch";

export const BREAK_REASONS: Record<BreakReason, string> = {
  hash_mismatch: "hash mismatch (the event was changed after it was written)",
  gap: "gap (this event is missing)",
  broken_link: "broken link (prev_hash does not match the previous event: events removed, reordered or replaced)",
  tail_truncated: "tail truncated (the anchor file records this event; the chain ends before it)",
  anchor_mismatch: "anchor mismatch (the event differs from the one the anchor file recorded)",
};
