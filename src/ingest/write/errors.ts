import { ValidationError } from '../../core/errors.js';
import { toLocations } from '../schema/headers.js';
import type { ImportErrorItem } from '../types.js';

const KEEP = 1000;

/** Collects problems of one import: keeps the first 1000 items and counts all. */
export class ErrorCollector {
  readonly items: ImportErrorItem[] = [];
  count = 0;

  constructor(readonly file: string) {}

  /** Records one problem at a row and column. */
  add(row: number, column: string, message: string): void {
    this.count++;
    if (this.items.length < KEEP) this.items.push({ file: this.file, row, column, message });
  }

  /** Records already-located problems. */
  addAll(items: ImportErrorItem[]): void {
    for (const item of items) {
      this.count++;
      if (this.items.length < KEEP) this.items.push(item);
    }
  }

  /** The first 20 problems in file order. */
  first(): ImportErrorItem[] {
    return [...this.items].sort((a, b) => a.row - b.row).slice(0, 20);
  }

  /** Throws a ValidationError naming the first problem and how many more there are. */
  throwIfAny(): void {
    if (this.count === 0) return;
    throw importValidationError(this.items, this.count);
  }
}

/** Builds the one-line ValidationError for import problems (first problem, then a count of the rest). */
export function importValidationError(items: ImportErrorItem[], count = items.length): ValidationError {
  const sorted = [...items].sort((a, b) => a.row - b.row);
  const first = sorted[0];
  const where = first ? `${first.file} row ${first.row}${first.column ? ` column ${first.column}` : ''}` : 'import';
  const more = count > 1 ? ` (and ${count - 1} more error${count > 2 ? 's' : ''})` : '';
  return new ValidationError(`${where}: ${first?.message ?? 'invalid input'}${more}`, toLocations(sorted), {
    errors: sorted,
    errorCount: count,
  });
}
