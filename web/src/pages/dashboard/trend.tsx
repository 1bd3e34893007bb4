import { Card, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import type { Dashboard, DashboardTile } from '../../api/types.js';
import { EChart } from '../../components/echart.js';
import { formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';

/** 12-month trend lines of the KPIs the API returns per month (one KPI at a time, chosen with a switch). */
export function TrendCard({ trend, tiles }: { trend: Dashboard['trend']; tiles: DashboardTile[] }) {
  const { t, pick } = useI18n();
  const keys = useMemo(() => Object.keys(trend[0] ?? {}).filter((k) => k !== 'period'), [trend]);
  const [kpi, setKpi] = useState<string | undefined>(undefined);
  const current = kpi && keys.includes(kpi) ? kpi : keys[0];
  const tile = tiles.find((x) => x.kpi === current);
  const unit = tile?.unit ?? 'count';
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => formatValue(v, unit) },
      grid: { left: 64, right: 24, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: trend.map((r) => r.period) },
      yAxis: { type: 'value' },
      series: [
        {
          name: tile ? pick(tile.name_zh, tile.name_en) : current,
          type: 'line',
          smooth: true,
          areaStyle: { opacity: 0.15 },
          data: trend.map((r) => (current ? r[current] : null)),
        },
      ],
    }),
    [trend, current, tile, unit, pick],
  );
  return (
    <Card title={t('dash.trend')} size="small">
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Segmented
          size="small"
          value={current}
          onChange={(v) => setKpi(String(v))}
          options={keys.map((k) => {
            const x = tiles.find((tl) => tl.kpi === k);
            return { value: k, label: x ? pick(x.name_zh, x.name_en) : k };
          })}
        />
      </div>
      <EChart option={option} height={280} testId="trend-chart" />
    </Card>
  );
}
