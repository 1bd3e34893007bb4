/** Text that means "no value" in exports (Google Ads ` --`, 百度统计 `--`, GA `(not set)` for numbers). */
const EMPTY = new Set(['', '-', '--', '—', '–', 'n/a', 'na', 'null', 'none', '无', '暂无']);

/** Whether an export cell means "no value". */
export function isEmptyCell(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return EMPTY.has(value.trim().toLowerCase());
  return false;
}

/** A plain decimal string of a JS number without exponent notation. */
function numberToDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * Cleans a numeric cell to a decimal string: strips currency signs (¥ ￥ $ € 元 CNY RMB), thousands separators,
 * spaces; `(12)` means -12. Returns { text, percent } or undefined when it is not a number.
 */
export function cleanNumber(value: unknown): { text: string; percent: boolean } | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? { text: numberToDecimal(value), percent: false } : undefined;
  if (typeof value === 'bigint') return { text: value.toString(), percent: false };
  if (typeof value !== 'string') return undefined;
  let t = value.trim().replace(/[\s\u00a0]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  t = t.replace(/^[<>≤≥]=?/, '');
  t = t.replace(/^(CNY|RMB|USD|HKD|EUR)/i, '').replace(/(CNY|RMB|USD|元|块)$/i, '');
  t = t.replace(/^([-+]?)[¥￥$€£]/, '$1');
  const percent = t.endsWith('%') || t.endsWith('％');
  if (percent) t = t.slice(0, -1);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) || /^[-+]?\d{1,3}(，\d{3})+(\.\d+)?$/.test(t))
    t = t.replace(/[,，]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  if (t.startsWith('+')) t = t.slice(1);
  if (negative) t = t.startsWith('-') ? t.slice(1) : `-${t}`;
  return { text: t, percent };
}

/** Rounds a decimal string half-up to `scale` places, exactly (string arithmetic, no floats). */
export function roundDecimal(text: string, scale: number): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [intRaw = '0', fracRaw = ''] = body.split('.');
  const intPart = intRaw === '' ? '0' : intRaw;
  const frac = fracRaw.padEnd(scale + 1, '0');
  let digits = BigInt(intPart + frac.slice(0, scale));
  if (Number(frac[scale] ?? '0') >= 5) digits += 1n;
  let out = digits.toString().padStart(scale + 1, '0');
  if (scale > 0) out = `${out.slice(0, -scale)}.${out.slice(-scale)}`;
  out = out.replace(/^0+(?=\d)/, '');
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** Parses money to an exact decimal string with 2 places; undefined when not a number. Percent is rejected. */
export function parseMoney(value: unknown): string | undefined {
  const c = cleanNumber(value);
  if (!c || c.percent) return undefined;
  return roundDecimal(c.text, 2);
}

/** Parses a number (percent text becomes a fraction: 45% -> 0.45). */
export function parseNumber(value: unknown): number | undefined {
  const c = cleanNumber(value);
  if (!c) return undefined;
  const n = Number(c.text);
  if (!Number.isFinite(n)) return undefined;
  return c.percent ? n / 100 : n;
}

/** Parses a whole number (counts); "1,234" -> 1234, "12.0" -> 12; undefined for fractions. */
export function parseInteger(value: unknown): number | undefined {
  const c = cleanNumber(value);
  if (!c || c.percent) return undefined;
  const n = Number(c.text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Parses a duration: seconds, `mm:ss`, `hh:mm:ss`, or `1h 2m 3s`; returns seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(t);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d+)\s*(?:h|小时))?\s*(?:(\d+)\s*(?:m|min|分钟?))?\s*(?:(\d+(?:\.\d+)?)\s*(?:s|sec|秒))?$/i.exec(
    t,
  );
  if (units && (units[1] || units[2] || units[3])) {
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  }
  const n = parseNumber(t);
  return n;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '对', 'control', '对照', '对照组']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '不是', 'variant', 'treatment', '实验', '实验组']);

/** Parses a boolean (true/false, yes/no, 1/0, 是/否). */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return undefined;
}
