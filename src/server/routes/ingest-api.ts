import { UserError } from '../../core/errors.js';

/** Parses `--map`/`map` text `target=source,target2=source2` into a record. */
export function parseColumnMap(text: string | undefined, field = 'map'): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const target = pair.slice(0, at).trim();
    const source = pair.slice(at + 1).trim();
    if (at <= 0 || !target || !source) {
      throw new UserError('validation_error', `field ${field}: "${pair}" is not target=source`, { status: 422 });
    }
    map[target] = source;
  }
  return map;
}
