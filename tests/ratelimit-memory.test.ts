import { describe, expect, it } from "vitest";
import { MemoryLimiter } from "@/lib/ratelimit/memory";

describe("in-process sliding-window limiter", () => {
  it("allows max hits per window, refuses the next, and recovers as the window slides", async () => {
    let now = 1_000_000;
    const limiter = new MemoryLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) expect((await limiter.limit("k")).success).toBe(true);
    const refused = await limiter.limit("k");
    expect(refused).toMatchObject({ success: false, remaining: 0, limit: 3 });
    expect(refused.reset).toBe(1_000_000 + 60_000);
    now += 60_001;
    expect((await limiter.limit("k")).success).toBe(true);
  });

  it("keeps identifiers apart and resets one on request", async () => {
    const limiter = new MemoryLimiter(1, 60_000);
    expect((await limiter.limit("a")).success).toBe(true);
    expect((await limiter.limit("b")).success).toBe(true);
    expect((await limiter.getRemaining("a")).remaining).toBe(0);
    await limiter.resetUsedTokens("a");
    expect((await limiter.getRemaining("a")).remaining).toBe(1);
  });
});
