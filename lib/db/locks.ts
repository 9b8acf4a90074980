// PostgreSQL advisory lock keys, one per kind of work that must run on one instance
// (or one connection) at a time. Kept in one place so two features never share a key.
export const LOCKS = {
  migrate: 7_300_001,
  auditChain: 7_300_002,
  background: 7_300_003,
  /** Transaction-level: creating, attaching, detaching and dropping history partitions. */
  historyPartitions: 7_300_040,
} as const;
