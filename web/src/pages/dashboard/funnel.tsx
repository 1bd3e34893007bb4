import { Card, Table, Typography } from 'antd';
import { useMemo } from 'react';
import type { Dashboard } from '../../api/types.js';
import { EChart } from '../../components/echart.js';
import { useExplain } from '../../components/explain-drawer.js';
import { formatNumber, formatShare } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

/** Funnel stage → the KPI that counts it (for the explain drawer). */
const STAGE_KPI: Record<string, string> = {
  visitors: 'uv',
  leads: 'leads',
  mql: 'mql_count',
  sql: 'sql_count',
  won: 'won_count',
};

/** The UV → form → MQL → SQL → won funnel with stage rates (from the API). */
export function FunnelCard({ funnel, period, scope }: { funnel: Dashboard['funnel']; period: string; scope: string }) {
  const { t } = useI18n();
  const explain = useExplain();
  const rows = useMemo(() => funnel.map((s) => ({ ...s, label: t(`funnel.${s.stage}` as MessageKey) })), [funnel, t]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          left: '5%',
          width: '90%',
          sort: 'none',
          minSize: '8%',
          // Stages are drawn as equal steps (UV dwarfs the later stages); labels and tooltips carry the real counts.
          label: {
            show: true,
            position: 'inside',
            formatter: (p: { data: { actual: number }; name: string }) =>
              `${p.name}: ${formatNumber(p.data.actual, 0)}`,
          },
          tooltip: {
            formatter: (p: { data: { actual: number }; name: string }) =>
              `${p.name}: ${formatNumber(p.data.actual, 0)}`,
          },
          data: rows.map((r, i) => ({
            name: r.label,
            value: 100 - i * (80 / Math.max(1, rows.length - 1)),
            actual: r.value ?? 0,
          })),
        },
      ],
    }),
    [rows],
  );
  return (
    <Card title={t('dash.funnel')} size="small">
      <EChart
        option={option}
        height={260}
        testId="funnel-chart"
        onClick={(p) => {
          const stage = funnel[p.dataIndex]?.stage;
          if (stage && STAGE_KPI[stage]) explain({ kpi: STAGE_KPI[stage], period, scope });
        }}
      />
      <Table
        size="small"
        rowKey="stage"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'label' },
          {
            title: '#',
            dataIndex: 'value',
            align: 'right',
            render: (v: number | null, r) => (
              <Typography.Link onClick={() => explain({ kpi: STAGE_KPI[r.stage] ?? r.stage, period, scope })}>
                {formatNumber(v, 0)}
              </Typography.Link>
            ),
          },
          {
            title: t('dash.stageRate'),
            dataIndex: 'rate',
            align: 'right',
            render: (v: number | null) => formatShare(v),
          },
        ]}
      />
    </Card>
  );
}
