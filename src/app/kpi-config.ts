import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { config } from '../config.js';
import { ValidationError } from '../core/errors.js';
import { KPI_CATALOG, type KpiDefinition, loadKpiCatalog } from '../core/kpi/index.js';

/** Reads a YAML or JSON file (by extension; `.json` is strict JSON); errors name the file and the line. */
export function readConfigFile(file: string): unknown {
  const name = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`;
    throw new ValidationError(`${file}: ${why}`, [{ file: name }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const pos = /position (\d+)/.exec(message);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new ValidationError(`${file}${line ? `, line ${line}` : ''}: malformed JSON (${message})`, [
        { file: name, ...(line ? { row: line } : {}) },
      ]);
    }
  }
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0];
      const first = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new ValidationError(
        `${file}${where ? `, line ${where.line}, column ${where.col}` : ''}: malformed YAML (${first})`,
        [{ file: name, ...(where ? { row: where.line, column: String(where.col) } : {}) }],
      );
    }
    throw error;
  }
}

/** Loads the built-in catalog merged with the KPIs of a user YAML/JSON file (`kpis:` and `versions:`). */
export function loadKpiConfigFile(file: string): KpiDefinition[] {
  const raw = readConfigFile(file);
  try {
    return loadKpiCatalog(raw ?? undefined);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`${file}: ${error.message}`, [{ file: path.basename(file) }, ...error.locations]);
    }
    throw error;
  }
}

let cached: { file: string | undefined; catalog: KpiDefinition[] } | undefined;

/** The KPI catalog in effect: built-ins plus YARDSTICK_KPI_FILE when configured (read once). */
export function kpiCatalog(): KpiDefinition[] {
  const file = config().kpiFile;
  if (cached && cached.file === file) return cached.catalog;
  cached = { file, catalog: file ? loadKpiConfigFile(file) : [...KPI_CATALOG] };
  return cached.catalog;
}
