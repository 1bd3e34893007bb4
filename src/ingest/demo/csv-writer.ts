import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const CHUNK_BYTES = 1 << 22;

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  if (value === '') return '';
  if (/[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** A CSV file written in large chunks with backpressure; lines are pre-built strings encoded into a buffer. */
export class CsvWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private pending: Buffer[] = [];
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  rows = 0;
  bytes = 0;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
  ) {
    this.stream = createWriteStream(file);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.append(`${columns.join(',')}\n`);
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

  /** True when enough is buffered that the caller should `await flush()`. */
  get full(): boolean {
    return this.pending.length > 0 || this.used > CHUNK_BYTES - 65_536;
  }

  /** Writes the buffered bytes out, waiting for the stream to drain when it is saturated. */
  async flush(): Promise<void> {
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

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}
