import type { Config } from "../../lib/config";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

export type OpenedDatabase = {
  url: string;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
};

/**
 * The database a script should use: DATABASE_URL when set, else the embedded server for
 * OPSDECK_DATA_DIR (joined if `npm start` already runs it, so it is not started twice).
 */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => undefined };
  const handle = await startEmbeddedPostgres({ dataDir: config.OPSDECK_DATA_DIR, log });
  return { url: handle.url, stop: () => handle.stop() };
}
