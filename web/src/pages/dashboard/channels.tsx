import { Button, Card, Table, Typography } from 'antd';
import { useMemo } from 'react';
import type { Dashboard } from '../../api/types.js';
import { EChart } from '../../components/echart.js';
import { useExplain } from '../../components/explain-drawer.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { formatShare, formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';

type Row = Dashboard['channels'][number];

/** `channel:X` merged into an existing scope string (replacing any channel part). */
export function withChannel(scope: string, channel: string): string {
  const parts = scope
    .split(',')
    .filter(Boolean)
    .filter((p) => !p.startsWith('channel:'));
  return [...parts, `channel:${channel}`].join(',');
}

/** Per-channel sessions, leads, spend, revenue and ROI: a bar chart and a sortable, exportable table. */
export function ChannelsCard({
  channels,
  period,
  scope,
}: {
  channels: Dashboard['channels'];
  period: string;
  scope: string;
}) {
  const { t } = useI18n();
  const explain = useExplain();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, bottom: 60, top: 36 },
      xAxis: { type: 'category', data: channels.map((c) => c.channel), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: [
        { type: 'value', name: '¥' },
        { type: 'value', name: 'ROI', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      ],
      series: [
        { name: t('dash.spend'), type: 'bar', data: channels.map((c) => c.spend ?? 0) },
        { name: t('dash.revenue'), type: 'bar', data: channels.map((c) => c.revenue ?? 0) },
        { name: t('dash.roi'), type: 'line', yAxisIndex: 1, data: channels.map((c) => c.roi) },
      ],
    }),
    [channels, t],
  );
  const cell = (kpi: string, unit: string) => (v: number | null, row: Row) => (
    <Typography.Link onClick={() => explain({ kpi, period, scope: withChannel(scope, row.channel) })}>
      {unit === 'ratio' ? formatShare(v) : formatValue(v, unit)}
    </Typography.Link>
  );
  const num = (key: keyof Row) => (a: Row, b: Row) =>
    ((a[key] as number) ?? -Infinity) - ((b[key] as number) ?? -Infinity);
  const exportRows = () =>
    exportXlsx(
      `channels-${period}`,
      t('dash.channels'),
      [
        { header: t('dash.channel'), value: (r: Row) => r.channel },
        { header: t('dash.sessions'), value: (r: Row) => r.sessions },
        { header: t('dash.leads'), value: (r: Row) => r.leads },
        { header: t('dash.spend'), value: (r: Row) => r.spend },
        { header: t('dash.revenue'), value: (r: Row) => r.revenue },
        { header: t('dash.roi'), value: (r: Row) => r.roi },
      ],
      channels,
    );
  return (
    <Card
      title={t('dash.channels')}
      size="small"
      extra={
        <Button size="small" onClick={exportRows}>
          {t('common.export')}
        </Button>
      }
    >
      <EChart option={option} height={300} testId="channel-chart" />
      <Table
        size="small"
        rowKey="channel"
        dataSource={channels}
        pagination={false}
        scroll={{ x: 560 }}
        data-testid="channel-table"
        columns={[
          {
            title: t('dash.channel'),
            dataIndex: 'channel',
            filters: channels.map((c) => ({ text: c.channel, value: c.channel })),
            onFilter: (value, row) => row.channel === value,
          },
          {
            title: t('dash.sessions'),
            dataIndex: 'sessions',
            align: 'right',
            sorter: num('sessions'),
            render: cell('sessions', 'count'),
          },
          {
            title: t('dash.leads'),
            dataIndex: 'leads',
            align: 'right',
            sorter: num('leads'),
            render: cell('leads', 'count'),
          },
          {
            title: t('dash.spend'),
            dataIndex: 'spend',
            align: 'right',
            sorter: num('spend'),
            render: cell('spend', 'currency'),
          },
          {
            title: t('dash.revenue'),
            dataIndex: 'revenue',
            align: 'right',
            sorter: num('revenue'),
            render: cell('online_revenue', 'currency'),
          },
          { title: t('dash.roi'), dataIndex: 'roi', align: 'right', sorter: num('roi'), render: cell('roi', 'ratio') },
        ]}
      />
    </Card>
  );
}
