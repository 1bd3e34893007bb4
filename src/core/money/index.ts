import { ValidationError } from '../errors.js';

/**
 * Exact money and decimal arithmetic. Amounts are integer fen (分) held as bigint; decimals such as
 * coefficients and rates are parsed from their shortest decimal text, so 0.1 + 0.2 never leaks in.
 */

/** A decimal number as an integer over a power of ten: value = units / 10^scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** Parses a decimal from text or a finite number (its shortest round-trip text); throws ValidationError. */
export function parseDecimal(value: number | string | bigint, field = 'value'): Decimal {
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ValidationError(`${field}: must be a finite number`, [{ field }]);
  }
  const text = typeof value === 'number' ? expandExponent(String(value)) : value.trim();
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text) ?? /^([+-])?()\.(\d+)$/.exec(text);
  if (!m) throw new ValidationError(`${field}: "${String(value)}" is not a decimal number`, [{ field }]);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2] || '0'}${fraction}`);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** Turns `1e-7` / `1.5e+21` into plain decimal text. */
function expandExponent(text: string): string {
  const m = /^(-)?(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const point = (m[2] ?? '').length + Number(m[4]);
  const sign = m[1] ?? '';
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Divides with rounding half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Rescales a decimal to `scale` digits, rounding half away from zero. */
export function rescale(value: Decimal, scale: number): bigint {
  if (value.scale <= scale) return value.units * 10n ** BigInt(scale - value.scale);
  return divRound(value.units, 10n ** BigInt(value.scale - scale));
}

/** Converts yuan (number or decimal text, e.g. '12345.67') to integer fen, rounding half away from zero. */
export function toFen(yuan: number | string, field = 'amount'): bigint {
  return rescale(parseDecimal(yuan, field), 2);
}

/** Multiplies an amount in fen by a decimal (coefficient, rate, share), rounding to whole fen. */
export function mulFen(fen: bigint, factor: number | string | Decimal, field = 'factor'): bigint {
  const d = typeof factor === 'object' ? factor : parseDecimal(factor, field);
  return divRound(fen * d.units, 10n ** BigInt(d.scale));
}

/** Formats fen as a yuan decimal string: 123456n → '1234.56'. */
export function formatFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Converts fen to a JS number for JSON, refusing amounts beyond the safe-integer range. */
export function fenToNumber(fen: bigint): number {
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${fen} fen exceeds the safe integer range`);
  }
  return Number(fen);
}

/** Splits an amount by shares (any non-negative decimals) so the parts sum exactly to the amount (largest remainder). */
export function splitFen(fen: bigint, shares: readonly (number | string)[]): bigint[] {
  if (fen < 0n) return splitFen(-fen, shares).map((p) => -p);
  const decimals = shares.map((s, i) => parseDecimal(s, `shares[${i}]`));
  const scale = Math.max(0, ...decimals.map((d) => d.scale));
  const weights = decimals.map((d) => rescale(d, scale));
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total <= 0n || weights.some((w) => w < 0n))
    throw new ValidationError('shares: must be non-negative with a positive sum');
  const parts = weights.map((w) => (fen * w) / total);
  const remainders = weights.map((w, i) => ({ i, r: (fen * w) % total }));
  let left = fen - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}
