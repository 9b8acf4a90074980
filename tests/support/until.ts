/** Polls `check` until it holds; throws naming `what` once `timeoutMs` has passed. */
export async function until(check: () => boolean | Promise<boolean>, what = "condition", timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
