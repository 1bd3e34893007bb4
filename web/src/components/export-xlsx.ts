/** Exports table rows to an .xlsx download (exceljs, loaded on demand; cells formula-injection safe). */

/** A cell value made safe: text a spreadsheet would run as a formula (= + - @ tab CR) is prefixed with '. */
export function safeCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One exported column: header text and how to read the cell from a row. */
export interface ExportColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/** Builds a workbook with one sheet and makes the browser download it. */
export async function exportXlsx<T>(fileName: string, sheet: string, columns: ExportColumn<T>[], rows: T[]) {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet.slice(0, 31));
  ws.addRow(columns.map((c) => c.header));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(columns.map((c) => safeCell(c.value(row))));
  columns.forEach((_c, i) => {
    ws.getColumn(i + 1).width = 16;
  });
  const buffer = await book.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
