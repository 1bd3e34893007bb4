import { Button, Space, Table, Tag } from 'antd';
import type { IncentiveRow } from '../../../../src/app/incentives/incentives.js';
import { api, apiUrl } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { formatNumber, yuan } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { BandTag } from '../scorecard/view.js';

/** Bonuses per person (base × band coefficient + commission) with HR recommendations; payroll export for HR. */
export function IncentivesView({ period, team }: { period: string; team?: string | undefined }) {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const list = useApi(() => api<IncentiveRow[]>('/incentives', { query: { period } }), [period]);
  const rows = (list.data ?? []).filter((r) => !team || r.team === team);
  const money = (key: 'base_fen' | 'bonus_fen' | 'commission_fen' | 'total_fen') => ({
    dataIndex: key,
    align: 'right' as const,
    sorter: (a: IncentiveRow, b: IncentiveRow) => a[key] - b[key],
    render: (v: number) => yuan(v),
  });
  return (
    <PageState loading={list.loading} error={list.error} reload={list.reload}>
      {hasRole('admin', 'hr') && (
        <Space style={{ marginBottom: 8 }}>
          <Button href={apiUrl('/incentives/export.xlsx', { period })} data-testid="payroll-xlsx">
            {t('team.payrollXlsx')}
          </Button>
          <Button href={apiUrl('/incentives/export.csv', { period })}>{t('team.payrollCsv')}</Button>
        </Space>
      )}
      <Table
        size="small"
        rowKey="scorecard_id"
        data-testid="incentives-table"
        dataSource={rows}
        scroll={{ x: 980 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyHint text={t('team.noIncentives')} /> }}
        columns={[
          {
            title: t('common.person'),
            dataIndex: 'person_name',
            fixed: 'left',
            sorter: (a, b) => String(a.person_name).localeCompare(String(b.person_name), 'zh-CN'),
          },
          { title: t('common.team'), dataIndex: 'team' },
          {
            title: t('common.total'),
            dataIndex: 'total',
            align: 'right',
            sorter: (a, b) => (a.total ?? 0) - (b.total ?? 0),
            render: (v: number | null) => formatNumber(v),
          },
          {
            title: t('common.band'),
            dataIndex: 'band',
            filters: ['S', 'A', 'B', 'C', 'D'].map((b) => ({ text: b, value: b })),
            onFilter: (v, r) => r.band === v,
            render: (b: string) => <BandTag band={b} />,
          },
          { title: t('team.base'), ...money('base_fen') },
          { title: t('team.coefficient'), dataIndex: 'coefficient', align: 'right' },
          { title: t('team.bonus'), ...money('bonus_fen') },
          { title: t('team.commission'), ...money('commission_fen') },
          { title: t('team.payout'), ...money('total_fen') },
          {
            title: t('team.recommendations'),
            key: 'recommendations',
            filters: [...new Set((list.data ?? []).flatMap((r) => r.recommendations.map((x) => x.code)))].map(
              (code) => ({ text: code, value: code }),
            ),
            onFilter: (v, r) => r.recommendations.some((x) => x.code === v),
            render: (_v, r) =>
              r.recommendations.map((x) => (
                <Tag key={x.code} color="purple">
                  {lang === 'en' ? x.message_en : x.message_zh}
                </Tag>
              )),
          },
        ]}
      />
    </PageState>
  );
}
