import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { findKpi } from '../../core/kpi/index.js';
import { describeRule, itemDirection, itemKey, itemRule } from '../../core/scoring/index.js';
import { getTemplate, listTemplates, type Template } from '../../core/templates/index.js';
import { parseFormat, renderTable } from '../output.js';
import type { Command } from '../run.js';

const HELP = `usage:
  yardstick template list [--format table|json]
  yardstick template show <id> [--format table|json]`;

/** `yardstick template list|show`: the scorecard templates. */
export const command: Command = {
  summary: '记分卡模板 / scorecard templates (list, show <id>)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const format = parseFormat(values.format, ['table', 'json']);
    const [action, id, ...rest] = positionals;
    const zh = config().lang === 'zh-CN';
    if (action === 'list' && id === undefined) {
      const templates = listTemplates();
      if (format === 'json') io.out(JSON.stringify(templates, null, 2));
      else io.out(renderTable(templates.map((t) => listRow(t, zh))));
      return 0;
    }
    if (action === 'show' && id !== undefined && rest.length === 0) {
      const template = getTemplate(id);
      if (format === 'json') io.out(JSON.stringify(template, null, 2));
      else io.out(renderTemplate(template, zh));
      return 0;
    }
    throw new UserError('bad_option', 'expected "list" or "show <id>" (see yardstick template --help)');
  },
};

function listRow(t: Template, zh: boolean): Record<string, unknown> {
  const quantitative = t.items.filter((i) => i.kind === 'quantitative');
  return zh
    ? {
        id: t.id,
        名称: t.name_zh,
        类型: t.kind === 'business' ? '业务' : '岗位',
        指标: quantitative.map((i) => i.kpi).join(','),
      }
    : { id: t.id, name: t.name_en, kind: t.kind, kpis: quantitative.map((i) => i.kpi).join(',') };
}

/** A template's items as an aligned table with its description. */
function renderTemplate(t: Template, zh: boolean): string {
  const rows = t.items.map((item, i) => {
    const kpi = item.kpi ? findKpi(item.kpi) : undefined;
    const name = zh ? (item.name_zh ?? kpi?.name_zh) : (item.name_en ?? kpi?.name_en);
    const direction = itemDirection(item, kpi);
    const rule = describeRule(itemRule(item), item.kind === 'quantitative' && direction === 'lower');
    return zh
      ? {
          项目: itemKey(item, i),
          名称: name ?? '',
          类型: item.kind === 'quantitative' ? '定量' : '定性',
          权重: item.weight,
          规则: rule,
        }
      : { item: itemKey(item, i), name: name ?? '', kind: item.kind, weight: item.weight, rule };
  });
  const head = zh ? `${t.name_zh}（${t.id}）\n${t.description_zh}` : `${t.name_en} (${t.id})\n${t.description_en}`;
  return `${head}\n\n${renderTable(rows)}`;
}
