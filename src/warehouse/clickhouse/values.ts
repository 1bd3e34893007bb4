/**
 * Value conversion between JavaScript and ClickHouse's text/JSON formats, shaped like the DuckDB engine's results
 * so that code reading rows does not depend on the engine: integers as numbers (strings past 2^53), decimals as
 * numbers, DATE as a Date at UTC midnight, DateTime as a Date whose UTC fields are the wall-clock time of the
 * column's time zone (DuckDB's naive TIMESTAMP), Bool as boolean, NULL as null.
 */

/** Strips Nullable(...) and LowCardinality(...) wrappers from a ClickHouse type name. */
export function baseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m?.[1]) return t;
    t = m[1].trim();
  }
}

function bigIntValue(v: unknown): number | string {
  const s = String(v);
  if (!/^-?\d+$/.test(s)) return Number(s);
  const b = BigInt(s);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : s;
}

/** Converts one value of a JSON-format result to the engine-neutral JS value for its ClickHouse type. */
export function fromClickHouse(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const t = baseType(type);
  if (t.startsWith('Array(') && Array.isArray(value)) return value.map((v) => fromClickHouse(t.slice(6, -1), v));
  if (/^U?Int(64|128|256)$/.test(t)) return bigIntValue(value);
  if (/^(U?Int(8|16|32)|Float(32|64)|Decimal)/.test(t)) return typeof value === 'number' ? value : Number(value);
  if (t === 'Bool') return value === true || value === 'true' || value === 1;
  if (t === 'Date' || t === 'Date32') return new Date(`${String(value)}T00:00:00Z`);
  if (t.startsWith('DateTime')) return new Date(`${String(value).replace(' ', 'T')}Z`);
  return value;
}

/** A UTC instant as ClickHouse DateTime64(3) text: `YYYY-MM-DD hh:mm:ss.sss`. */
export function dateTimeText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The declared type of each `{pN:Type}` placeholder in a statement, by N. */
export function placeholderTypes(sql: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of sql.matchAll(/\{p(\d+):([^{}]+)\}/g)) out.set(Number(m[1]), m[2]!.trim());
  return out;
}

/**
 * A bound parameter as the text ClickHouse parses for its placeholder type: instants (Date, or ISO text with a
 * zone for a DateTime placeholder) in UTC, booleans true/false, objects as JSON. null stays null (the placeholder
 * must then be Nullable(T)).
 */
export function paramText(type: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const converted = toClickHouse(type, value);
  if (converted === null) return null;
  if (converted instanceof JsonNumber) return converted.text;
  return typeof converted === 'object' ? JSON.stringify(converted) : String(converted);
}

/** A number kept as its exact text, written into JSON unquoted (decimals, 64-bit integers). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

type Convert = (value: unknown) => unknown;

function dateTimeConverter(t: string): Convert {
  // DateTime (seconds) parses no fraction; DateTime64 keeps milliseconds
  const text = t.startsWith('DateTime64') ? dateTimeText : (d: Date) => dateTimeText(d).slice(0, 19);
  return (v) => {
    if (v instanceof Date) return text(v);
    if (typeof v === 'string' && ISO_INSTANT.test(v)) return text(new Date(v));
    return String(v);
  };
}

const toBool = (v: unknown) =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : (undefined as boolean | undefined);

/** The value converter of a column type (resolved once per column, used per value); null stays null. */
export function converter(type: string): Convert {
  const t = baseType(type);
  let convert: Convert;
  if (t.startsWith('DateTime')) convert = dateTimeConverter(t);
  else if (t === 'Date' || t === 'Date32') {
    convert = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
  } else if (t === 'Bool') convert = (v) => toBool(v) ?? v;
  else if (/^(U?Int\d+|Float\d+|Decimal)/.test(t)) {
    const flag = t === 'UInt8';
    convert = (v) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return new JsonNumber(v.toString());
      if (flag && toBool(v) !== undefined) return Number(toBool(v));
      if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) return new JsonNumber(v.trim());
      return v;
    };
  } else if (t === 'String')
    convert = (v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  else convert = (v) => v;
  return (v) => (v === null || v === undefined ? null : convert(v));
}

/**
 * One appended value as JSON for a column of a ClickHouse type: instants (Date, or ISO text with a zone) as UTC
 * DateTime text, Date columns as `YYYY-MM-DD`, decimals and integers given as text or bigint kept exact (unquoted
 * number tokens, which every ClickHouse version parses), booleans for Bool/UInt8, objects serialised for String.
 */
export function toClickHouse(type: string, value: unknown): unknown {
  return converter(type)(value);
}

/** Encodes rows of the given columns and types as JSONEachRow lines (exact numbers written unquoted). */
export function jsonEachRowEncoder(
  columns: readonly string[],
  types: readonly string[],
): (row: readonly unknown[]) => string {
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  const converters = types.map(converter);
  return (row) => {
    let line = '{';
    for (let i = 0; i < keys.length; i++) {
      const v = converters[i]!(row[i]);
      line += `${i ? ',' : ''}${keys[i]}${v instanceof JsonNumber ? v.text : JSON.stringify(v)}`;
    }
    return `${line}}`;
  };
}
