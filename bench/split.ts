/**
 * Splits a generated CSV into consecutive parts of (nearly) equal row counts, each with the header: the bench
 * imports a big file as a series of appends when one import's temp data would not fit the disk. Rows are cut at
 * line ends, so this is for the bench's own files, whose values hold no line breaks.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';

/** Writes `<file>.partK.csv` for K = 1..parts and returns their paths (the file itself is left as it is). */
export async function splitCsvRows(file: string, rows: number, parts: number): Promise<string[]> {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError('parts must be a positive integer');
  const paths = Array.from({ length: parts }, (_, k) => file.replace(/(\.csv)?$/, `.part${k + 1}.csv`));
  // part k ends after row ends[k] (rows counted from 1, header apart)
  const ends = paths.map((_, k) => Math.round((rows * (k + 1)) / parts));
  let header: Buffer | undefined;
  let pending: Buffer[] = [];
  let part = 0;
  let row = 0;
  let out: WriteStream | undefined;
  const write = async (chunk: Buffer) => {
    if (!out) {
      out = createWriteStream(paths[part]!);
      out.write(header!);
    }
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const close = async () => {
    if (!out) return;
    out.end();
    await once(out, 'finish');
    out = undefined;
  };
  for await (const data of createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) {
    let chunk = data;
    if (!header) {
      pending.push(chunk);
      const all = Buffer.concat(pending);
      const nl = all.indexOf(10);
      if (nl < 0) continue;
      header = all.subarray(0, nl + 1);
      chunk = all.subarray(nl + 1);
      pending = [];
    }
    let from = 0;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) {
      row++;
      if (row === ends[part] && part < parts - 1) {
        await write(chunk.subarray(from, at + 1));
        await close();
        from = at + 1;
        part++;
      }
    }
    if (from < chunk.length) await write(chunk.subarray(from));
  }
  await close();
  if (row !== rows) throw new Error(`${file}: ${row} rows, expected ${rows}`);
  return paths;
}
