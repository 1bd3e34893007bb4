import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ScorecardSummary } from '../../api/types.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { formatNumber } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useRouter } from '../../router.js';
import { BandTag } from '../scorecard/view.js';

/** Scorecards of the period: people (and teams) with totals and bands; sort, filter, search, export. */
export function ScorecardTable({ cards, period }: { cards: ScorecardSummary[]; period: string }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [query, setQuery] = useState('');
  const rows = cards.filter((c) => !query || `${c.person_name ?? ''}${c.subject_id}${c.team ?? ''}`.includes(query));
  const teams = [...new Set(cards.map((c) => c.team).filter((x): x is string => Boolean(x)))];
  const name = (c: ScorecardSummary) => c.person_name ?? `${c.subject_id} (${t('common.team')})`;
  const exportRows = () =>
    exportXlsx(
      `scorecards-${period}`,
      period,
      [
        { header: t('common.person'), value: (c: ScorecardSummary) => name(c) },
        { header: t('common.team'), value: (c: ScorecardSummary) => c.team },
        { header: t('common.status'), value: (c: ScorecardSummary) => c.status },
        { header: t('sc.quantScore'), value: (c: ScorecardSummary) => c.quantitative },
        { header: t('sc.qualScore'), value: (c: ScorecardSummary) => c.qualitative },
        { header: t('common.total'), value: (c: ScorecardSummary) => c.total },
        { header: t('common.band'), value: (c: ScorecardSummary) => c.band },
      ],
      rows,
    );
  return (
    <Card
      size="small"
      title={t('team.list')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('common.search')} onSearch={setQuery} style={{ width: 180 }} />
          <Button size="small" onClick={exportRows}>
            {t('common.export')}
          </Button>
        </Space>
      }
    >
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        data-testid="team-table"
        columns={[
          {
            title: t('common.person'),
            key: 'name',
            render: (_v, c) => (
              <Typography.Link onClick={() => navigate(`/scorecards/${c.id}`)}>{name(c)}</Typography.Link>
            ),
          },
          {
            title: t('common.team'),
            dataIndex: 'team',
            filters: teams.map((x) => ({ text: x, value: x })),
            onFilter: (v, c) => c.team === v,
          },
          { title: t('common.status'), dataIndex: 'status' },
          {
            title: t('sc.quantScore'),
            dataIndex: 'quantitative',
            align: 'right',
            render: (v: number | null) => formatNumber(v),
          },
          {
            title: t('sc.qualScore'),
            dataIndex: 'qualitative',
            align: 'right',
            render: (v: number | null) => formatNumber(v),
          },
          {
            title: t('common.total'),
            dataIndex: 'total',
            align: 'right',
            defaultSortOrder: 'descend',
            sorter: (a, b) => (a.total ?? -1) - (b.total ?? -1),
            render: (v: number | null) => <strong>{formatNumber(v)}</strong>,
          },
          {
            title: t('common.band'),
            dataIndex: 'band',
            filters: ['S', 'A', 'B', 'C', 'D'].map((b) => ({ text: b, value: b })),
            onFilter: (v, c) => c.band === v,
            render: (b: string | null) => <BandTag band={b} />,
          },
        ]}
      />
    </Card>
  );
}
