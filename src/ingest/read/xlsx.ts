import ExcelJS from 'exceljs';
import { UserError } from '../../core/errors.js';
import type { RawRow } from '../types.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Cell value as text; dates keep their wall-clock reading (Excel has no time zones). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h || m || s ? `${day} ${pad(h)}:${pad(m)}:${pad(s)}` : day;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value);
}

/** Reads the rows of one sheet (the first unless named) as text cells with Excel row numbers. */
export async function readXlsxRows(file: string, sheet?: string): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new UserError('bad_file', `${file}: not a readable XLSX workbook (${(error as Error).message})`, {
      status: 422,
    });
  }
  const worksheet = sheet ? workbook.getWorksheet(sheet) : workbook.worksheets[0];
  if (!worksheet) {
    const names = workbook.worksheets.map((w) => w.name).join(', ');
    throw new UserError('bad_file', `${file}: no sheet "${sheet ?? ''}" (sheets: ${names || 'none'})`, { status: 422 });
  }
  const rows: RawRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}
