import { readFileSync } from 'node:fs';

/** Splits one CSV line (RFC 4180 quoting; the demo never puts line breaks inside fields). */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Parses a demo CSV file into header + rows of strings; for tests only. */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [header = [], ...rows] = lines.map(splitLine);
  return { header, rows };
}

/** Rows as objects keyed by header. */
export function readCsvObjects(file: string): Record<string, string>[] {
  const { header, rows } = readCsv(file);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
