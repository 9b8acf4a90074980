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

describe("in-process limiter under sustained load", () => {
  it("slides hit by hit across many windows with a high limit, exactly", async () => {
    let now = 0;
    const limiter = new MemoryLimiter(1_000, 1_000, () => now);
    // 10 hits per ms for 5 s: each window holds exactly 1,000 hits once full, never more.
    let allowed = 0;
    for (let ms = 0; ms < 5_000; ms++) {
      now = ms;
      for (let i = 0; i < 10; i++) if ((await limiter.limit("k")).success) allowed++;
    }
    // 1,000 in the first window, then 1,000 per following window as the oldest expire.
    expect(allowed).toBe(5_000);
    now = 5_000 + 1_000;
    expect((await limiter.getRemaining("k")).remaining).toBe(1_000);
  });
});
