import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ClvReport, clvFromOrders, clvFromWarehouse } from '../../app/analytics.js';
import { config } from '../../config.js';
import { dayNumber, parseOrderLines, type TimeUnit } from '../../core/clv/index.js';
import { UserError } from '../../core/errors.js';
import { parseFormat, renderCsv, renderTable } from '../output.js';
import type { Command } from '../run.js';
import { withWarehouse } from '../warehouse.js';

const HELP = `usage: yardstick clv (--db PATH | --orders FILE) [--calibration-end DATE] [--observation-end DATE]
                     [--time-unit day|week] [--horizon N] [--margin 0.3] [--discount-rate 0.1]
                     [--top 20] [--format table|json|csv]
Fits BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) by maximum likelihood on orders up to the calibration end
(default: the observation end = the last order day) and predicts per customer: P(alive), expected purchases and
CLV over the horizon (time units; default 52 weeks / 365 days), discounted at the annual rate.
--orders reads CSV (customer_id, date, amount) or the CDNOW whitespace format (id, customer, YYYYMMDD, qty, amount).`;

function date(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    dayNumber(value);
  } catch {
    throw new UserError('bad_option', `${flag} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

function number(
  value: string | undefined,
  flag: string,
  check: (n: number) => boolean,
  hint: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UserError('bad_option', `${flag} must be ${hint}, got "${value}"`);
  return n;
}

const r6 = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e6) / 1e6);

function toJson(report: ClvReport) {
  return {
    ...report.params,
    log_likelihood: report.logLikelihood,
    calibration_end: report.calibrationEnd,
    observation_end: report.observationEnd,
    time_unit: report.timeUnit,
    horizon: report.horizon,
    customers_count: report.customers,
    repeat_customers: report.repeatCustomers,
    holdout: report.holdout,
    historical: report.historical,
    warnings: report.warnings,
    customers: report.predictions.map((c) => ({
      customer_id: c.customerId,
      frequency: c.frequency,
      recency: r6(c.recency),
      T: r6(c.T),
      monetary: r6(c.monetary),
      probability_alive: r6(c.probabilityAlive),
      expected_purchases: r6(c.expectedPurchases),
      expected_average_value: r6(c.expectedAverageValue),
      clv: c.clv === null || !Number.isFinite(c.clv) ? null : Math.round(c.clv * 100) / 100,
    })),
  };
}

/** `yardstick clv` — customer lifetime value: BG/NBD + Gamma-Gamma and historical CLV. */
export const command: Command = {
  summary: 'customer lifetime value: BG/NBD + Gamma-Gamma fit, P(alive), expected purchases, CLV',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        orders: { type: 'string' },
        'calibration-end': { type: 'string' },
        'observation-end': { type: 'string' },
        'time-unit': { type: 'string' },
        horizon: { type: 'string' },
        margin: { type: 'string' },
        'discount-rate': { type: 'string' },
        top: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format);
    const unit = values['time-unit'] ?? 'week';
    if (unit !== 'day' && unit !== 'week')
      throw new UserError('bad_option', `--time-unit must be day or week, got "${unit}"`);
    const options = {
      timeUnit: unit as TimeUnit,
      calibrationEnd: date(values['calibration-end'], '--calibration-end'),
      observationEnd: date(values['observation-end'], '--observation-end'),
      horizon: number(values.horizon, '--horizon', (n) => n > 0, 'a positive number of time units'),
      margin: number(values.margin, '--margin', (n) => n > 0 && n <= 1, 'a fraction in (0, 1]'),
      annualDiscountRate: number(values['discount-rate'], '--discount-rate', (n) => n >= 0 && n < 10, 'a rate ≥ 0'),
    };
    const clean = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const top = number(values.top, '--top', (n) => Number.isInteger(n) && n > 0, 'a positive whole number') ?? 20;
    let report: ClvReport;
    if (values.orders) {
      if (values.db) throw new UserError('bad_option', 'use either --orders or --db, not both');
      let text: string;
      try {
        text = readFileSync(values.orders, 'utf8');
      } catch (error) {
        throw new UserError(
          'file_not_found',
          `cannot read ${values.orders}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      report = clvFromOrders(parseOrderLines(text, values.orders), clean);
    } else {
      report = await withWarehouse(values.db ?? config().dbPath, (engine) => clvFromWarehouse(engine, clean));
    }
    const json = toJson(report);
    if (format === 'json') {
      io.out(JSON.stringify(json, null, 2));
      return 0;
    }
    if (format === 'csv') {
      io.out(renderCsv(json.customers));
      return 0;
    }
    const zh = config().lang === 'zh-CN';
    const p = report.params;
    const lines = [
      `BG/NBD: r = ${r6(p.r)}, alpha = ${r6(p.alpha)}, a = ${r6(p.a)}, b = ${r6(p.b)} (LL ${report.logLikelihood.bgnbd.toFixed(2)})`,
      `Gamma-Gamma: p = ${r6(p.p) ?? '—'}, q = ${r6(p.q) ?? '—'}, v = ${r6(p.v) ?? '—'}`,
      zh
        ? `客户 ${report.customers}（复购 ${report.repeatCustomers}），校准截止 ${report.calibrationEnd}，预测期 ${report.horizon} ${report.timeUnit === 'week' ? '周' : '天'}`
        : `${report.customers} customers (${report.repeatCustomers} repeat), calibration end ${report.calibrationEnd}, horizon ${report.horizon} ${report.timeUnit}s`,
      zh
        ? `历史 CLV（毛利率 ${report.historical.margin}）：人均 ${report.historical.meanClv ?? '—'}`
        : `historical CLV (margin ${report.historical.margin}): mean ${report.historical.meanClv ?? '—'}`,
    ];
    for (const w of report.warnings) lines.push(`${zh ? '警告' : 'warning'}: ${zh ? w.zh : w.en}`);
    if (report.holdout) {
      lines.push(
        zh
          ? `验证期复购：实际 ${report.holdout.actual}，预测 ${report.holdout.predicted.toFixed(1)}`
          : `hold-out repeat purchases: actual ${report.holdout.actual}, predicted ${report.holdout.predicted.toFixed(1)}`,
      );
    }
    const best = [...json.customers].sort((a, b) => (b.clv ?? 0) - (a.clv ?? 0)).slice(0, top);
    io.out(`${lines.join('\n')}\n\n${renderTable(best)}`);
    return 0;
  },
};
