import { Table, Tag } from 'antd';
import { api } from '../../api/client.js';
import type { Person, Scorecard, ScorecardItem, ScorecardSummary } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { formatNumber, formatPercent100, formatShare } from '../../format.js';
import { useI18n } from '../../i18n/index.js';

interface Joint {
  share: number;
  partners: { person: string; department?: string; share: number }[];
}

interface JointRow {
  key: string;
  person: string;
  team: string | null;
  item: ScorecardItem;
  joint: Joint;
}

/** The credit shares of an item's joint KPI, when it has a well-formed one. */
function jointOf(item: ScorecardItem): Joint | null {
  const j = item.joint as Partial<Joint> | null | undefined;
  return j && typeof j.share === 'number' ? { share: j.share, partners: j.partners ?? [] } : null;
}

/** 联合KPI: items shared across departments (e.g. marketing × sales MQLs) with each side's credit share. */
export function JointKpisView({ cards }: { cards: ScorecardSummary[] }) {
  const { t, pick } = useI18n();
  const ids = cards.filter((c) => c.subject_type === 'person').map((c) => c.id);
  const loaded = useApi(
    () => Promise.all(ids.map((id) => api<Scorecard>(`/scorecards/${id}`))),
    [ids.join(',')],
    ids.length > 0,
  );
  const people = useApi(() => api<Person[]>('/people'), []);
  const nameOf = (id: string) => people.data?.find((p) => p.person_id === id)?.name ?? id;
  const rows: JointRow[] = (loaded.data ?? []).flatMap((card) =>
    card.items.flatMap((item) => {
      const joint = jointOf(item);
      return joint
        ? [{ key: `${card.id}:${item.id}`, person: card.person_name ?? card.subject_id, team: card.team, item, joint }]
        : [];
    }),
  );
  if (!ids.length || (loaded.data && !rows.length)) return <EmptyHint text={t('joint.empty')} />;
  return (
    <PageState loading={loaded.loading} error={loaded.error} reload={loaded.reload}>
      <Table
        size="small"
        rowKey="key"
        data-testid="joint-kpis"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('common.person'),
            dataIndex: 'person',
            sorter: (a, b) => a.person.localeCompare(b.person, 'zh-CN'),
          },
          { title: t('common.team'), dataIndex: 'team' },
          {
            title: t('joint.item'),
            key: 'item',
            sorter: (a, b) => a.item.kpi.localeCompare(b.item.kpi),
            render: (_v, r) => pick(r.item.name_zh, r.item.name_en) || r.item.kpi,
          },
          { title: t('joint.weight'), key: 'w', render: (_v, r) => formatNumber(r.item.weight) },
          {
            title: t('joint.share'),
            key: 'share',
            sorter: (a, b) => a.joint.share - b.joint.share,
            render: (_v, r) => <Tag color="blue">{formatShare(r.joint.share)}</Tag>,
          },
          {
            title: t('joint.partners'),
            key: 'partners',
            render: (_v, r) =>
              r.joint.partners.length
                ? r.joint.partners.map((p) => (
                    <Tag key={p.person}>
                      {nameOf(p.person)}
                      {p.department ? ` · ${p.department}` : ''} {formatShare(p.share)}
                    </Tag>
                  ))
                : t('common.none'),
          },
          { title: t('joint.actual'), key: 'actual', render: (_v, r) => formatNumber(r.item.actual) },
          {
            title: t('joint.achievement'),
            key: 'ach',
            sorter: (a, b) => (a.item.achievement ?? -1) - (b.item.achievement ?? -1),
            render: (_v, r) => formatPercent100(r.item.achievement),
          },
          {
            title: t('joint.points'),
            key: 'pts',
            sorter: (a, b) => (a.item.points ?? -1) - (b.item.points ?? -1),
            render: (_v, r) => formatNumber(r.item.points),
          },
        ]}
      />
    </PageState>
  );
}
