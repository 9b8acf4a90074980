import { appendFile, readFile } from "node:fs/promises";

// The anchor file (AUDIT_ANCHOR_FILE): one `seq hash` line per verification that reached a
// new head. It lives outside the database, so someone who can rewrite the table (and so cut
// off its tail and keep the rest consistent) is still caught by the last line written here.

export type Anchor = { seq: number; hash: string };

const LINE = /^(\d+) ([0-9a-f]{64})$/;

/** The last well-formed anchor in the file, or null when there is no file or no anchor yet. */
export async function readLastAnchor(file: string): Promise<Anchor | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = LINE.exec(lines[i]!.trim());
    if (match) return { seq: Number(match[1]), hash: match[2]! };
  }
  return null;
}

export async function appendAnchor(file: string, anchor: Anchor): Promise<void> {
  await appendFile(file, `${anchor.seq} ${anchor.hash}\n`, { encoding: "utf8", mode: 0o600 });
}
