import type { RawRow } from '../types.js';

const CANDIDATES = [',', '\t', ';', '|'];

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

/** Guesses the delimiter (, ; tab |) from the first lines: the one splitting most lines into the same width. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .split(/\r\n|\n|\r/)
    .slice(0, 60)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let best = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d)).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [n, f] of freq) {
      if (f > modeCount || (f === modeCount && n > mode)) {
        modeCount = f;
        mode = n;
      }
    }
    const score = modeCount * 1000 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** An incremental RFC 4180 CSV parser (quotes, doubled quotes, CRLF/LF/CR, newlines in quotes) with line numbers. */
export class CsvParser {
  private field = '';
  private row: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private rowLine = 1;
  private pendingCR = false;
  private fieldStarted = false;

  constructor(private readonly delimiter: string) {}

  /** Feeds text; returns the rows completed by it. */
  push(text: string): RawRow[] {
    const out: RawRow[] = [];
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 >= text.length) {
            // cannot see the next char yet: decide on the next push
            this.quoted = false;
            this.afterQuote = true;
          } else {
            this.quoted = false;
            this.afterQuote = true;
          }
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
        }
        continue;
      }
      if (this.afterQuote && ch === '"') {
        // a doubled quote split across chunks
        this.field += '"';
        this.quoted = true;
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (ch === d) {
        this.row.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (ch === '\n' || ch === '\r') {
        this.endRow(out);
        this.line++;
        this.rowLine = this.line;
        if (ch === '\r') this.pendingCR = true;
      } else if (ch === '"' && this.field.trim() === '') {
        this.field = '';
        this.quoted = true;
        this.fieldStarted = true;
      } else {
        this.field += ch;
        this.fieldStarted = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last row if any. */
  end(): RawRow[] {
    const out: RawRow[] = [];
    if (this.fieldStarted || this.row.length > 0 || this.field !== '') this.endRow(out);
    return out;
  }

  private endRow(out: RawRow[]): void {
    this.row.push(this.field);
    const cells = this.row;
    this.row = [];
    this.field = '';
    this.fieldStarted = false;
    out.push({ line: this.rowLine, cells });
  }
}

/** Parses a whole CSV text into rows (delimiter sniffed unless given). */
export function parseCsvText(text: string, delimiter = sniffDelimiter(text)): RawRow[] {
  const parser = new CsvParser(delimiter);
  return [...parser.push(text.replace(/^\uFEFF/, '')), ...parser.end()];
}
