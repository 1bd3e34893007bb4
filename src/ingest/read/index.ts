import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError, ValidationError } from '../../core/errors.js';
import type { RawRow } from '../types.js';
import { CsvParser, sniffDelimiter } from './csv.js';
import { createDecoder, detectEncoding, type TextEncoding } from './decode.js';
import { readXlsxRows } from './xlsx.js';

/** How an import file is laid out. */
export type FileKind = 'csv' | 'xlsx' | 'json';

function head(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Tells CSV, XLSX and JSON (lines) apart by content, then extension. */
export function fileKind(file: string): FileKind {
  let sample: Buffer;
  try {
    sample = head(file, 4096);
  } catch (error) {
    throw new UserError(
      'file_not_found',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) return 'xlsx';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'json';
  const start = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  return 'csv';
}

/** A file opened for reading rows. */
export interface TextSource {
  encoding: TextEncoding;
  delimiter: string;
  totalBytes: number;
  /** Batches of rows; onBytes reports bytes read so far. */
  batches(onBytes?: (bytes: number) => void, batchSize?: number): AsyncGenerator<RawRow[]>;
}

/** Opens a CSV file: detects encoding and delimiter, then streams rows in batches with bounded memory. */
export function openCsv(file: string): TextSource {
  const totalBytes = statSync(file).size;
  const sample = head(file, 256 * 1024);
  const { encoding, bomLength } = detectEncoding(sample, path.basename(file), sample.length >= totalBytes);
  const decoder = createDecoder(encoding);
  const sampleText = decoder.write(sample.subarray(bomLength));
  const delimiter = sniffDelimiter(sampleText);
  return {
    encoding,
    delimiter,
    totalBytes,
    async *batches(onBytes, batchSize = 50_000) {
      const parser = new CsvParser(delimiter);
      const dec = createDecoder(encoding);
      let bytes = 0;
      let first = true;
      let pending: RawRow[] = [];
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
        let buf = chunk as Buffer;
        if (first) {
          buf = buf.subarray(bomLength);
          first = false;
        }
        bytes += (chunk as Buffer).length;
        for (const row of parser.push(dec.write(buf))) pending.push(row);
        onBytes?.(bytes);
        if (pending.length >= batchSize) {
          yield pending;
          pending = [];
        }
      }
      for (const row of parser.push(dec.end())) pending.push(row);
      for (const row of parser.end()) pending.push(row);
      if (pending.length > 0) yield pending;
    },
  };
}

/** Reads all rows of a CSV or XLSX file (for small source-format exports). */
export async function readAllRows(file: string, opts: { sheet?: string | undefined } = {}): Promise<RawRow[]> {
  const kind = fileKind(file);
  if (kind === 'xlsx') return readXlsxRows(file, opts.sheet);
  if (kind === 'json')
    throw new UserError('bad_file', `${path.basename(file)}: expected a CSV or XLSX export, got JSON`);
  const rows: RawRow[] = [];
  for await (const batch of openCsv(file).batches()) rows.push(...batch);
  return rows;
}

/** Streams JSON lines (or a JSON array) as objects with their line numbers. */
export async function* readJsonRecords(
  file: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<{ line: number; value: Record<string, unknown> }[]> {
  const name = path.basename(file);
  const sample = head(file, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (sample.startsWith('[')) {
    const { readFileSync } = await import('node:fs');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ValidationError(`${name} row 1: invalid JSON (${(error as Error).message})`, [{ file: name, row: 1 }]);
    }
    const items = (parsed as unknown[]).map((value, i) => ({ line: i + 1, value: value as Record<string, unknown> }));
    yield items;
    return;
  }
  let rest = '';
  let line = 0;
  let bytes = 0;
  const dec = new TextDecoder('utf-8');
  let batch: { line: number; value: Record<string, unknown> }[] = [];
  const take = (text: string) => {
    line++;
    const t = text.replace(/^\uFEFF/, '').trim();
    if (t === '') return;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      throw new ValidationError(`${name} row ${line}: invalid JSON line`, [{ file: name, row: line }]);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(`${name} row ${line}: expected a JSON object`, [{ file: name, row: line }]);
    }
    batch.push({ line, value: value as Record<string, unknown> });
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    bytes += (chunk as Buffer).length;
    const lines = (rest + dec.decode(chunk as Buffer, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) take(l);
    onBytes?.(bytes);
    if (batch.length >= 50_000) {
      yield batch;
      batch = [];
    }
  }
  rest += dec.decode();
  if (rest.trim() !== '') take(rest);
  if (batch.length > 0) yield batch;
}
