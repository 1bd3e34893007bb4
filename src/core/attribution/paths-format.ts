import { ValidationError } from '../errors.js';
import type { Journey } from './types.js';

const HEADER = ['path', 'total_conversions', 'total_conversion_value', 'total_null'];

/**
 * Parses path data in the ChannelAttribution package's format: a header line
 * `path;total_conversions;total_conversion_value;total_null` (value and null columns optional), then one line
 * per path with touches separated by ` > `.
 */
export function parseChannelPaths(text: string, file = 'paths'): Journey[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(';').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('path') < 0 || col('total_conversions') < 0) {
    throw new ValidationError(`${file}: row 1: header must be ${HEADER.join(';')} (got "${lines[0] ?? ''}")`, [
      { file, row: 1 },
    ]);
  }
  const journeys: Journey[] = [];
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(';').map((c) => c.trim().replace(/^"|"$/g, ''));
    const row = r + 1;
    const num = (name: string, required: boolean): number => {
      const i = col(name);
      const raw = i < 0 ? undefined : cells[i];
      if (raw === undefined || raw === '') {
        if (!required) return 0;
        throw new ValidationError(`${file}: row ${row}, column ${name}: missing value`, [{ file, row, column: name }]);
      }
      const v = Number(raw);
      if (!Number.isFinite(v) || v < 0) {
        throw new ValidationError(`${file}: row ${row}, column ${name}: "${raw}" is not a non-negative number`, [
          { file, row, column: name },
        ]);
      }
      return v;
    };
    const touches = (cells[col('path')] ?? '')
      .split('>')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (touches.length === 0) {
      throw new ValidationError(`${file}: row ${row}, column path: empty path`, [{ file, row, column: 'path' }]);
    }
    journeys.push({
      touches,
      conversions: num('total_conversions', true),
      value: num('total_conversion_value', false),
      nulls: num('total_null', false),
    });
  }
  return journeys;
}
