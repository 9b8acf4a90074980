import { ConfigError, getConfig } from "../config";

/** Node-side start-up checks, run once per instance from instrumentation.ts. */
export function bootNode(): void {
  try {
    getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
