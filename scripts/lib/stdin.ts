// Reading a secret for a CLI command: the first line of piped stdin, or a prompt without
// echo when stdin is a terminal. Never an argument: those land in shell history and `ps`.

/** The first line of stdin (without its line ending); "" when stdin is empty. */
async function readFirstLine(stream: NodeJS.ReadStream): Promise<string> {
  let buffered = "";
  for await (const chunk of stream) {
    buffered += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if (buffered.includes("\n")) break;
  }
  stream.destroy();
  return buffered.split("\n")[0]!.replace(/\r$/, "");
}

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C or Ctrl-D abort. */
function promptHidden(stream: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (err?: Error) => {
      stream.setRawMode(false);
      stream.pause();
      stream.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003" || ch === "\u0004") return finish(new Error("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stream.setRawMode(true);
    stream.resume();
    stream.on("data", onData);
  });
}

export function readSecret(prompt: string, stream: NodeJS.ReadStream = process.stdin): Promise<string> {
  return stream.isTTY ? promptHidden(stream, prompt) : readFirstLine(stream);
}
