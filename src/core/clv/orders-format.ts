import { ValidationError } from '../errors.js';
import type { OrderLine } from './summary.js';

const ID_HEADERS = ['customer_id', 'customer', 'cust', 'user_id', '客户id', '客户'];
const DATE_HEADERS = ['date', 'ordered_at', 'order_date', '日期', '下单时间'];
const AMOUNT_HEADERS = ['amount', 'sales', 'revenue', 'value', '金额'];

/**
 * Parses order lines for CLV: a CSV with a header naming customer_id, date (or ordered_at) and amount, or the
 * CDNOW whitespace format without a header (original id, customer id, YYYYMMDD, quantity, amount).
 */
export function parseOrderLines(text: string, file = 'orders'): OrderLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstLine = lines.find((l) => l.trim() !== '') ?? '';
  if (/^\s*\d+\s+\d+\s+\d{8}\s+/.test(firstLine)) return parseCdnow(lines, file);
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  const header = firstLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const find = (names: string[], label: string) => {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0)
      throw new ValidationError(`${file}: row 1: no ${label} column (header: ${firstLine})`, [{ file, row: 1 }]);
    return i;
  };
  const id = find(ID_HEADERS, 'customer_id');
  const date = find(DATE_HEADERS, 'date');
  const amount = find(AMOUNT_HEADERS, 'amount');
  const start = lines.indexOf(firstLine) + 1;
  const out: OrderLine[] = [];
  for (let r = start; r < lines.length; r++) {
    const line = lines[r]!;
    if (line.trim() === '') continue;
    const cells = line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
    out.push(orderLine(cells[id], cells[date], cells[amount], file, r + 1, header[date]!, header[amount]!));
  }
  return out;
}

function parseCdnow(lines: string[], file: string): OrderLine[] {
  const out: OrderLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.trim().split(/\s+/);
    if (cells.length < 5) {
      throw new ValidationError(
        `${file}: row ${i + 1}: expected 5 whitespace-separated fields (id, customer, YYYYMMDD, quantity, amount)`,
        [{ file, row: i + 1 }],
      );
    }
    const raw = cells[2]!;
    const date = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
    out.push(orderLine(cells[1], date, cells[4], file, i + 1, 'date', 'amount'));
  });
  return out;
}

function orderLine(
  id: string | undefined,
  date: string | undefined,
  amount: string | undefined,
  file: string,
  row: number,
  dateColumn: string,
  amountColumn: string,
): OrderLine {
  if (!id)
    throw new ValidationError(`${file}: row ${row}, column customer_id: missing`, [
      { file, row, column: 'customer_id' },
    ]);
  const day = (date ?? '').slice(0, 10).replaceAll('/', '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(day);
  const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  const check = iso ? new Date(`${iso}T00:00:00Z`) : null;
  if (!check || Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso) {
    throw new ValidationError(`${file}: row ${row}, column ${dateColumn}: "${date ?? ''}" is not a date (YYYY-MM-DD)`, [
      { file, row, column: dateColumn },
    ]);
  }
  const value = Number((amount ?? '').replaceAll(',', ''));
  if (amount === undefined || amount === '' || !Number.isFinite(value)) {
    throw new ValidationError(`${file}: row ${row}, column ${amountColumn}: "${amount ?? ''}" is not a number`, [
      { file, row, column: amountColumn },
    ]);
  }
  return { customerId: id, date: iso, amount: value };
}
