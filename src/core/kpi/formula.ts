import { ValidationError } from '../errors.js';
import { isMeasureId, type MeasureId } from '../measures/ids.js';

/**
 * KPI formulas: a tiny expression language over base-measure names.
 * Grammar: expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
 * unary := '-' unary | primary ; primary := number | measure | prev(measure) | growth(measure) | '(' expr ')'.
 */
export type FormulaAst =
  | { kind: 'number'; value: number }
  | { kind: 'measure'; measure: MeasureId }
  | { kind: 'prev'; measure: MeasureId }
  | { kind: 'growth'; measure: MeasureId }
  | { kind: 'negate'; operand: FormulaAst }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaAst; right: FormulaAst };

/** Why a formula has no value. */
export type FormulaNullReason = 'division_by_zero' | 'missing_measure';

/** Result of evaluating a formula: a finite number, or null with the reason. */
export interface FormulaResult {
  value: number | null;
  reason?: FormulaNullReason;
}

/** Measure values of one period; a missing key, null or a non-finite number counts as missing. */
export type MeasureValues = Partial<Record<MeasureId, number | null>>;

type Token = { type: 'num'; value: number; pos: number } | { type: 'name'; value: string; pos: number } | Sym;
type Sym = { type: 'sym'; value: '+' | '-' | '*' | '/' | '(' | ')'; pos: number };

function formulaError(text: string, message: string): ValidationError {
  return new ValidationError(`formula "${text}": ${message}`, [{ field: 'formula' }]);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw formulaError(text, `unexpected character "${text.slice(pos).trim()[0]}" at position ${pos + 1}`);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? '').length;
    if (m[1] !== undefined) tokens.push({ type: 'num', value: Number(m[1]), pos: at });
    else if (m[2] !== undefined) tokens.push({ type: 'name', value: m[2], pos: at });
    else tokens.push({ type: 'sym', value: m[3] as Sym['value'], pos: at });
    pos = re.lastIndex;
  }
  return tokens;
}

/** Parses a KPI formula; throws a ValidationError on syntax errors or unknown measure names. */
export function parseFormula(text: string): FormulaAst {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isSym = (t: Token | undefined, v: string): boolean => t?.type === 'sym' && t.value === v;
  const expect = (v: string): void => {
    const t = peek();
    if (!isSym(t, v)) throw formulaError(text, `expected "${v}"${t ? ` at position ${t.pos + 1}` : ' at the end'}`);
    i++;
  };
  const measure = (name: string): MeasureId => {
    if (!isMeasureId(name)) throw formulaError(text, `unknown measure "${name}"`);
    return name;
  };

  const primary = (): FormulaAst => {
    const t = peek();
    if (!t) throw formulaError(text, 'unexpected end of formula');
    i++;
    if (t.type === 'num') return { kind: 'number', value: t.value };
    if (t.type === 'name') {
      if ((t.value === 'prev' || t.value === 'growth') && isSym(peek(), '(')) {
        i++;
        const arg = peek();
        if (arg?.type !== 'name') throw formulaError(text, `${t.value}() takes one measure name`);
        i++;
        expect(')');
        return { kind: t.value, measure: measure(arg.value) };
      }
      return { kind: 'measure', measure: measure(t.value) };
    }
    if (t.value === '(') {
      const inner = expr();
      expect(')');
      return inner;
    }
    throw formulaError(text, `unexpected "${t.value}" at position ${t.pos + 1}`);
  };
  const unary = (): FormulaAst => {
    if (isSym(peek(), '-')) {
      i++;
      return { kind: 'negate', operand: unary() };
    }
    return primary();
  };
  const term = (): FormulaAst => {
    let left = unary();
    for (let t = peek(); isSym(t, '*') || isSym(t, '/'); t = peek()) {
      i++;
      left = { kind: 'binary', op: (t as Sym).value as '*' | '/', left, right: unary() };
    }
    return left;
  };
  const expr = (): FormulaAst => {
    let left = term();
    for (let t = peek(); isSym(t, '+') || isSym(t, '-'); t = peek()) {
      i++;
      left = { kind: 'binary', op: (t as Sym).value as '+' | '-', left, right: term() };
    }
    return left;
  };

  if (tokens.length === 0) throw formulaError(text, 'empty formula');
  const ast = expr();
  const rest = peek();
  if (rest) throw formulaError(text, `unexpected "${rest.value}" at position ${rest.pos + 1}`);
  return ast;
}

function collect(ast: FormulaAst, current: Set<MeasureId>, previous: Set<MeasureId>): void {
  switch (ast.kind) {
    case 'number':
      return;
    case 'measure':
      current.add(ast.measure);
      return;
    case 'prev':
      previous.add(ast.measure);
      return;
    case 'growth':
      current.add(ast.measure);
      previous.add(ast.measure);
      return;
    case 'negate':
      collect(ast.operand, current, previous);
      return;
    case 'binary':
      collect(ast.left, current, previous);
      collect(ast.right, current, previous);
  }
}

/** The measures a formula needs: `current` in the period itself, `previous` in the period before it. */
export function formulaInputs(ast: FormulaAst): { current: MeasureId[]; previous: MeasureId[] } {
  const current = new Set<MeasureId>();
  const previous = new Set<MeasureId>();
  collect(ast, current, previous);
  return { current: [...current], previous: [...previous] };
}

/** Every measure a formula mentions (in the period or, through prev/growth, in the previous one). */
export function formulaMeasures(ast: FormulaAst): MeasureId[] {
  const { current, previous } = formulaInputs(ast);
  return [...new Set([...current, ...previous])];
}

/** The measures a formula needs from the previous period (through prev() or growth()). */
export function formulaPreviousMeasures(ast: FormulaAst): MeasureId[] {
  return formulaInputs(ast).previous;
}

class NullValue {
  constructor(readonly reason: FormulaNullReason) {}
}

function read(values: MeasureValues | undefined, id: MeasureId): number {
  const v = values?.[id];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new NullValue('missing_measure');
  return v;
}

function divide(a: number, b: number): number {
  if (b === 0) throw new NullValue('division_by_zero');
  return a / b;
}

function evaluate(ast: FormulaAst, values: MeasureValues, prev: MeasureValues | undefined): number {
  switch (ast.kind) {
    case 'number':
      return ast.value;
    case 'measure':
      return read(values, ast.measure);
    case 'prev':
      return read(prev, ast.measure);
    case 'growth': {
      const now = read(values, ast.measure);
      const before = read(prev, ast.measure);
      return divide(now - before, before);
    }
    case 'negate':
      return -evaluate(ast.operand, values, prev);
    case 'binary': {
      const l = evaluate(ast.left, values, prev);
      const r = evaluate(ast.right, values, prev);
      if (ast.op === '+') return l + r;
      if (ast.op === '-') return l - r;
      if (ast.op === '*') return l * r;
      return divide(l, r);
    }
  }
}

/** Evaluates a formula; division by zero or a missing input gives null with a reason, never NaN/Infinity. */
export function evaluateFormula(ast: FormulaAst, values: MeasureValues, prevValues?: MeasureValues): FormulaResult {
  try {
    const value = evaluate(ast, values, prevValues);
    if (!Number.isFinite(value)) return { value: null, reason: 'division_by_zero' };
    return { value: Object.is(value, -0) ? 0 : value };
  } catch (error) {
    if (error instanceof NullValue) return { value: null, reason: error.reason };
    throw error;
  }
}

/** Renders an AST back to formula text (fully parenthesised where needed). */
export function formatFormula(ast: FormulaAst): string {
  switch (ast.kind) {
    case 'number':
      return String(ast.value);
    case 'measure':
      return ast.measure;
    case 'prev':
    case 'growth':
      return `${ast.kind}(${ast.measure})`;
    case 'negate':
      return `-${wrap(ast.operand)}`;
    case 'binary':
      return `${wrap(ast.left)} ${ast.op} ${wrap(ast.right)}`;
  }
}

function wrap(ast: FormulaAst): string {
  return ast.kind === 'binary' ? `(${formatFormula(ast)})` : formatFormula(ast);
}
