// A small SQL tokenizer for highlighting (rendered as spans; no HTML is ever built from
// text). Linear in the input, so a 20 kB statement costs one pass. Pure and shared by
// server and client.

export type SqlTokenKind = "keyword" | "string" | "number" | "comment" | "param" | "identifier" | "operator" | "space";
export type SqlToken = { kind: SqlTokenKind; text: string };

const KEYWORDS = new Set(
  (
    "select from where and or not in is null as on join left right inner outer full cross lateral group by order having limit offset " +
    "insert into values update set delete returning with recursive union all intersect except distinct case when then else end " +
    "exists between like ilike any some asc desc nulls first last create table index drop alter add column primary key foreign " +
    "references unique check default begin commit rollback explain analyze using over partition window filter for share nowait skip " +
    "locked true false interval cast coalesce count sum avg min max conflict do nothing fetch next rows only"
  ).split(" "),
);

const PATTERNS: [SqlTokenKind, RegExp][] = [
  ["space", /\s+/y],
  ["comment", /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ["string", /'(?:[^']|'')*'?|\$([A-Za-z_]\w*)?\$[\s\S]*?(?:\$\1\$|$)/y],
  ["param", /\$\d+|\?/y],
  ["number", /\d+(?:\.\d+)?(?:e[+-]?\d+)?/iy],
  ["identifier", /"(?:[^"]|"")*"?|[A-Za-z_][\w$]*/y],
  ["operator", /::|<=|>=|<>|!=|\|\||[^\s\w'"$]/y],
];

export function tokenizeSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let at = 0;
  while (at < text.length) {
    let matched = false;
    for (const [kind, re] of PATTERNS) {
      re.lastIndex = at;
      const m = re.exec(text);
      if (m && m[0].length > 0) {
        const value = m[0];
        const finalKind = kind === "identifier" && KEYWORDS.has(value.toLowerCase()) ? "keyword" : kind;
        const last = tokens[tokens.length - 1];
        // Adjacent plain tokens merge, so a long statement renders as fewer spans.
        if (last && last.kind === finalKind && (finalKind === "operator" || finalKind === "space")) last.text += value;
        else tokens.push({ kind: finalKind, text: value });
        at += value.length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      tokens.push({ kind: "operator", text: text[at]! });
      at++;
    }
  }
  return tokens;
}
