import ExcelJS from 'exceljs';
import { formatFen } from '../../core/money/index.js';
import { type IncentiveRow, incentiveTotals } from './incentives.js';

/** Neutralises spreadsheet formula injection: text starting with = + - @ tab or CR gets a leading quote. */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const HEADERS = [
  ['person_id', '工号'],
  ['person_name', '姓名'],
  ['department', '部门'],
  ['team', '团队'],
  ['period', '考核期'],
  ['band', '评级'],
  ['base_yuan', '基数(元)'],
  ['coefficient', '系数'],
  ['bonus_yuan', '绩效奖金(元)'],
  ['commission_yuan', '超额提成(元)'],
  ['total_yuan', '合计(元)'],
  ['total_fen', '合计(分)'],
  ['recommendations', '人事建议'],
] as const;

function exportRecord(r: IncentiveRow): Record<string, string> {
  return {
    person_id: r.person_id,
    person_name: r.person_name ?? '',
    department: r.department ?? '',
    team: r.team ?? '',
    period: r.period,
    band: r.band ?? '',
    base_yuan: formatFen(BigInt(r.base_fen)),
    coefficient: r.coefficient,
    bonus_yuan: formatFen(BigInt(r.bonus_fen)),
    commission_yuan: formatFen(BigInt(r.commission_fen)),
    total_yuan: formatFen(BigInt(r.total_fen)),
    total_fen: String(r.total_fen),
    recommendations: r.recommendations.map((x) => x.message_zh).join('；'),
  };
}

const MONEY_KEYS = new Set(['base_yuan', 'coefficient', 'bonus_yuan', 'commission_yuan', 'total_yuan', 'total_fen']);

/** Payroll CSV (UTF-8 with BOM for Excel, RFC 4180 quoting, formula-injection safe) with a totals row. */
export function incentivesCsv(rows: readonly IncentiveRow[]): string {
  const esc = (key: string, v: string) => {
    const s = MONEY_KEYS.has(key) ? v : spreadsheetSafe(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [HEADERS.map(([k, zh]) => esc(k, `${zh} ${k}`)).join(',')];
  for (const r of rows) {
    const rec = exportRecord(r);
    lines.push(HEADERS.map(([k]) => esc(k, rec[k] ?? '')).join(','));
  }
  const t = incentiveTotals(rows);
  lines.push(
    HEADERS.map(([k]) =>
      k === 'person_id'
        ? '合计 total'
        : k === 'bonus_yuan'
          ? formatFen(t.bonus_fen)
          : k === 'commission_yuan'
            ? formatFen(t.commission_fen)
            : k === 'total_yuan'
              ? t.total_yuan
              : k === 'total_fen'
                ? t.total_fen.toString()
                : '',
    ).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Payroll XLSX: text cells formula-injection safe, money as exact yuan text and fen integers, a totals row. */
export async function incentivesXlsx(rows: readonly IncentiveRow[], period: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Yardstick';
  const sheet = book.addWorksheet(`绩效奖金 ${period}`.slice(0, 31));
  sheet.columns = HEADERS.map(([key, zh]) => ({ header: zh, key, width: key === 'recommendations' ? 40 : 14 }));
  for (const r of rows) {
    const rec = exportRecord(r);
    const cells: Record<string, string | number> = {};
    for (const [k] of HEADERS) {
      const v = rec[k] ?? '';
      cells[k] = k === 'total_fen' ? r.total_fen : MONEY_KEYS.has(k) ? v : spreadsheetSafe(v);
    }
    sheet.addRow(cells);
  }
  const t = incentiveTotals(rows);
  sheet.addRow({
    person_id: '合计',
    bonus_yuan: formatFen(t.bonus_fen),
    commission_yuan: formatFen(t.commission_fen),
    total_yuan: t.total_yuan,
    total_fen: Number(t.total_fen),
  });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
