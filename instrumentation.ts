// Runs once per server instance before it takes requests: a bad configuration stops the
// start here with one line naming the variable, rather than failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootNode, startBackground } = await import("./lib/runtime/boot");
    await bootNode();
    await startBackground();
  }
}
