import iconv from 'iconv-lite';
import { ValidationError } from '../../core/errors.js';

/** Text encodings an import file may use. */
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

/** Detects a text encoding from the first bytes of a file (BOMs, UTF-8 validity, else GB18030). */
export function detectEncoding(
  sample: Buffer,
  file: string,
  complete = false,
): { encoding: TextEncoding; bomLength: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  if (sample.includes(0)) {
    throw new ValidationError(
      `${file} row 1: not a text file (binary data or an unsupported encoding such as UTF-16 without BOM)`,
      [{ file, row: 1 }],
    );
  }
  // a multi-byte character may be cut at the end of a partial sample: stream mode leaves it pending
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return { encoding: 'utf8', bomLength: 0 };
  } catch {
    const decoded = iconv.decode(complete ? sample : sample.subarray(0, Math.max(0, sample.length - 4)), 'gb18030');
    if (decoded.includes('\uFFFD')) {
      const line = decoded.slice(0, decoded.indexOf('\uFFFD')).split('\n').length;
      throw new ValidationError(`${file} row ${line}: unrecognised text encoding (expected UTF-8 or GBK/GB18030)`, [
        { file, row: line },
      ]);
    }
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

/** A streaming decoder for an encoding; replacement characters after detection are reported by the caller. */
export function createDecoder(encoding: TextEncoding): { write(chunk: Buffer): string; end(): string } {
  if (encoding === 'utf8') {
    const d = new TextDecoder('utf-8');
    return { write: (c) => d.decode(c, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(encoding === 'utf16be' ? 'utf16-be' : encoding);
  return { write: (c) => d.write(c), end: () => d.end() ?? '' };
}
