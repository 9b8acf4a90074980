// Node module hooks for test child processes that load route modules outside Next (and
// outside React's server condition): `server-only` resolves to an empty module, as the
// vitest config aliases it. Used as: node --import ./tests/support/server-only-loader.mjs
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: "data:text/javascript,export {}", shortCircuit: true };
        return next(specifier, context);
      }`),
  import.meta.url,
);
