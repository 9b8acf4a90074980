import { AUDIT_EXPORT_COLUMNS, type AuditEventDto } from "./dto";

// Export encodings. CSV follows RFC 4180 (CRLF line ends; a field holding a comma, quote,
// CR or LF is quoted, quotes doubled) and neutralises spreadsheet formulas (OWASP "CSV
// injection"): a cell starting with = + - @, tab or CR gets a leading apostrophe, so
// Excel/LibreOffice/Sheets show it as text instead of evaluating it.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  // Numbers we write ourselves (seq) are data, not formulas; every string is neutralised.
  if (typeof value !== "number" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = `${AUDIT_EXPORT_COLUMNS.join(",")}\r\n`;

export function csvRow(event: AuditEventDto): string {
  return `${AUDIT_EXPORT_COLUMNS.map((c) => csvCell(event[c])).join(",")}\r\n`;
}

export function ndjsonRow(event: AuditEventDto): string {
  return `${JSON.stringify(Object.fromEntries(AUDIT_EXPORT_COLUMNS.map((c) => [c, event[c]])))}\n`;
}
