import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';

const CHUNK_BYTES = 1 << 22;

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  if (value === '') return '';
  if (/[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/**
 * Splitting of a CsvWriter's output into consecutive files (`name-0001.csv`, `name-0002.csv`, …, each with the
 * header): a part ends when the writer is told to (`rotate()`) or, given `rows`, at the first flush after it holds
 * that many rows. Each part is handed to `onPart` (awaited: writing stops meanwhile) once it is complete on disk.
 */
export interface CsvParts {
  rows?: number | undefined;
  onPart(file: string, rows: number): Promise<void>;
}

/**
 * A CSV file (or consecutive parts of one, see CsvParts) written in large chunks with backpressure; lines are
 * pre-built strings encoded into a buffer.
 */
export class CsvWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private pending: Buffer[] = [];
  private stream!: WriteStream;
  private failure: Error | undefined;
  /** rows written, over all parts */
  rows = 0;
  /** bytes written, over all parts */
  bytes = 0;
  /** the file being written (the current part) */
  file: string;
  /** the parts written so far, in order (just `file` without parts) */
  readonly files: string[] = [];
  private partStart = 0;

  constructor(
    private readonly path: string,
    readonly columns: readonly string[],
    private parts?: CsvParts,
  ) {
    if (parts?.rows !== undefined && !(Number.isInteger(parts.rows) && parts.rows > 0)) {
      throw new RangeError('parts.rows must be a whole number > 0');
    }
    this.file = path;
    this.open();
  }

  private open(): void {
    this.file = this.parts
      ? this.path.replace(/(\.csv)?$/, (ext) => `-${partNumber(this.files.length + 1)}${ext}`)
      : this.path;
    this.files.push(this.file);
    this.partStart = this.rows;
    this.stream = createWriteStream(this.file);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.append(`${this.columns.join(',')}\n`);
  }

  private async end(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }

  private append(text: string): void {
    if (this.used + text.length * 3 > this.chunk.length) {
      this.pending.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      this.used = 0;
    }
    this.used += this.chunk.write(text, this.used);
  }

  /** Adds one line (fields already escaped and joined, without the newline). */
  line(text: string): void {
    this.append(`${text}\n`);
    this.rows++;
  }

  /** Adds one row of raw values (escaped here); for the small tables. */
  row(values: readonly (string | number | boolean | null | undefined)[]): void {
    let text = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) text += ',';
      if (v !== null && v !== undefined) text += csvField(String(v));
    }
    this.line(text);
  }

  /** True when enough is buffered (or the current part is complete) that the caller should `await flush()`. */
  get full(): boolean {
    return this.partDone || this.pending.length > 0 || this.used > CHUNK_BYTES - 65_536;
  }

  private get partDone(): boolean {
    return this.parts?.rows !== undefined && this.rows - this.partStart >= this.parts.rows;
  }

  /**
   * Writes the buffered bytes out, waiting for the stream to drain when it is saturated; ends the part when it holds
   * its rows.
   */
  async flush(): Promise<void> {
    await this.writeOut();
    if (this.partDone) await this.rotate();
  }

  /** Writes the buffered bytes to the current file. */
  private async writeOut(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.pending;
    if (this.used > 0) chunks.push(this.chunk.subarray(0, this.used));
    this.pending = [];
    if (chunks.length === 0) return;
    // the written slices now belong to the stream; continue in a fresh buffer
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    let drained = true;
    for (const c of chunks) {
      this.bytes += c.length;
      drained = this.stream.write(c);
    }
    if (!drained) await once(this.stream, 'drain');
  }

  /**
   * Ends the current part (with what is buffered) and hands it over; the next rows go to a new part. A part without
   * rows stays open (nothing to hand over).
   */
  async rotate(): Promise<void> {
    if (!this.parts) throw new Error(`${this.path}: not written in parts`);
    const rows = this.rows - this.partStart;
    if (rows === 0) return;
    await this.writeOut();
    await this.end();
    await this.parts.onPart(this.file, rows);
    this.open();
  }

  /** Closes the file without writing what is buffered or handing over a part (after a failure). */
  async abort(): Promise<void> {
    this.pending = [];
    this.used = 0;
    this.parts = undefined;
    await this.end().catch(() => undefined);
  }

  /** Flushes and closes the file (the last part goes to onPart unless it has no rows: it is then removed). */
  async close(): Promise<void> {
    await this.writeOut();
    await this.end();
    if (!this.parts) return;
    const rows = this.rows - this.partStart;
    if (rows > 0 || this.files.length === 1) await this.parts.onPart(this.file, rows);
    else {
      await rm(this.file, { force: true });
      this.files.pop();
    }
  }
}

function partNumber(n: number): string {
  return String(n).padStart(4, '0');
}
