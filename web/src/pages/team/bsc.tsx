import { Card, Col, Empty, Row, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import type { Kpi, Scorecard, ScorecardSummary } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { formatNumber, formatPercent100 } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

const PERSPECTIVES = ['financial', 'customer', 'internal', 'learning', 'qualitative'] as const;

/** Balanced-scorecard view: the picked people's items side by side, grouped by the four perspectives. */
export function BalancedScorecardView({ cards }: { cards: ScorecardSummary[] }) {
  const { t, pick } = useI18n();
  const people = cards.filter((c) => c.subject_type === 'person');
  // null until the user picks: the first three people are shown by default.
  const [choice, setChoice] = useState<string[] | null>(null);
  const picked = choice ?? people.slice(0, 3).map((c) => c.id);
  const kpis = useApi(() => api<Kpi[]>('/kpis'), []);
  const loaded = useApi(
    () => Promise.all(picked.map((id) => api<Scorecard>(`/scorecards/${id}`))),
    [picked.join(',')],
    picked.length > 0,
  );
  const perspectiveOf = useMemo(() => new Map((kpis.data ?? []).map((k) => [k.id, k.perspective])), [kpis.data]);
  const rows = PERSPECTIVES.map((p) => ({
    perspective: p,
    cells: (loaded.data ?? []).map((card) =>
      card.items.filter(
        (i) => (i.kind === 'qualitative' ? 'qualitative' : (perspectiveOf.get(i.kpi) ?? 'internal')) === p,
      ),
    ),
  }));
  return (
    <Card size="small" title={t('team.bsc')}>
      <Select
        mode="multiple"
        maxCount={4}
        style={{ width: '100%', marginBottom: 12 }}
        placeholder={t('team.pickPeople')}
        value={picked}
        onChange={setChoice}
        options={people.map((c) => ({ value: c.id, label: c.person_name ?? c.subject_id }))}
      />
      <PageState loading={loaded.loading} error={loaded.error ?? kpis.error}>
        {!picked.length && <Empty description={t('team.pickPeople')} />}
        {loaded.data && picked.length > 0 && (
          <Table
            size="small"
            rowKey="perspective"
            pagination={false}
            scroll={{ x: 200 + 260 * loaded.data.length }}
            dataSource={rows}
            columns={[
              {
                title: '',
                dataIndex: 'perspective',
                width: 120,
                fixed: 'left',
                render: (p: string) => <strong>{t(`persp.${p}` as MessageKey)}</strong>,
              },
              ...loaded.data.map((card, idx) => ({
                title: `${card.person_name ?? card.subject_id} · ${formatNumber(card.total)}`,
                key: card.id,
                render: (_v: unknown, row: (typeof rows)[number]) => {
                  const items = row.cells[idx] ?? [];
                  if (!items.length) return <span style={{ color: '#bbb' }}>—</span>;
                  return (
                    <Row gutter={[4, 4]}>
                      {items.map((i) => (
                        <Col span={24} key={i.id}>
                          {pick(i.name_zh, i.name_en) || i.kpi} <Tag>{i.weight}</Tag>
                          {formatPercent100(i.achievement)}
                        </Col>
                      ))}
                    </Row>
                  );
                },
              })),
            ]}
          />
        )}
      </PageState>
    </Card>
  );
}
