/** The slice of @upstash/ratelimit's API we use, so every backend is interchangeable. */
export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** epoch ms */
  reset: number;
  /** The backend did not answer and the request was let through (fail open): the figures are not real. */
  degraded?: boolean;
};

export interface Limiter {
  /** Counts one hit against the identifier and says whether it was within the limit. */
  limit(identifier: string): Promise<LimitResult>;
  /** Remaining hits without counting one. */
  getRemaining(identifier: string): Promise<{ remaining: number; reset: number; degraded?: boolean }>;
  resetUsedTokens(identifier: string): Promise<void>;
}
