import { App, Button, Descriptions, Drawer, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Recalibration } from '../../../../src/app/recalibration/recalibration.js';
import { ApiError, api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { ProposeRecalibration } from './recalibration-propose.js';

interface CompareRow {
  item_id: string;
  kpi: string;
  last_weight: number | null;
  current_weight: number | null;
  proposed_weight: number | null;
  last_mean_achievement: number | null;
  proposed_version: string | null;
  last_value_current_version: number | null;
  last_value_proposed_version: number | null;
}

interface Comparison {
  recalibration: Recalibration;
  previous_period: string;
  scorecards_last: number;
  scorecards_affected: number;
  items: CompareRow[];
}

const STATUS_COLOR = { proposed: 'blue', approved: 'green', rejected: 'red' } as const;
const num = (v: number | null) => (v === null ? '—' : String(Math.round(v * 100) / 100));
const byNum = (k: keyof CompareRow) => (a: CompareRow, b: CompareRow) => Number(a[k] ?? -1) - Number(b[k] ?? -1);

/** 季度校准: proposals of new weights / KPI versions, side by side with last quarter; admins approve or reject. */
export function RecalibrationSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const list = useApi(() => api<Recalibration[]>('/recalibrations'), []);
  const [proposing, setProposing] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const compare = useApi(() => api<Comparison>(`/recalibrations/${openId}`), [openId], openId !== null);
  const decide = async (id: string, action: 'approve' | 'reject') => {
    try {
      await api(`/recalibrations/${id}/${action}`, { method: 'POST', body: note ? { note } : {} });
      message.success(action === 'approve' ? t('recal.approved') : t('recal.rejected'));
      setNote('');
      list.reload();
      compare.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const rec = compare.data?.recalibration;
  return (
    <PageState loading={list.loading} error={list.error} reload={list.reload}>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setProposing(true)} data-testid="recal-new">
          {t('recal.propose')}
        </Button>
        <Typography.Text type="secondary">{t('recal.hint')}</Typography.Text>
      </Space>
      {list.data && list.data.length === 0 ? (
        <EmptyHint text={t('recal.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          data-testid="recal-table"
          dataSource={list.data ?? []}
          scroll={{ x: 720 }}
          columns={[
            { title: t('common.period'), dataIndex: 'period', sorter: (a, b) => a.period.localeCompare(b.period) },
            {
              title: t('recal.template'),
              dataIndex: 'template_id',
              sorter: (a, b) => a.template_id.localeCompare(b.template_id),
            },
            { title: t('common.reason'), dataIndex: 'reason', ellipsis: true },
            {
              title: t('common.status'),
              dataIndex: 'status',
              filters: (['proposed', 'approved', 'rejected'] as const).map((s) => ({
                text: t(`recal.${s}`),
                value: s,
              })),
              onFilter: (v, r) => r.status === v,
              render: (s: Recalibration['status']) => <Tag color={STATUS_COLOR[s]}>{t(`recal.${s}`)}</Tag>,
            },
            { title: t('recal.by'), dataIndex: 'proposed_by' },
            {
              title: t('recal.at'),
              dataIndex: 'proposed_at',
              sorter: (a, b) => String(a.proposed_at).localeCompare(String(b.proposed_at)),
              render: (v: string | null) => v?.slice(0, 16).replace('T', ' ') ?? '—',
            },
            {
              title: t('common.actions'),
              key: 'open',
              render: (_v, r) => (
                <Button size="small" onClick={() => setOpenId(r.id)} data-testid={`recal-open-${r.template_id}`}>
                  {t('recal.compare')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <ProposeRecalibration
        open={proposing}
        onClose={(created) => {
          setProposing(false);
          if (created) list.reload();
        }}
      />
      <Drawer
        open={openId !== null}
        width="min(900px, 100vw)"
        title={t('recal.compareTitle')}
        onClose={() => setOpenId(null)}
        extra={
          rec?.status === 'proposed' && hasRole('admin') ? (
            <Space>
              <Input
                placeholder={t('recal.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                style={{ width: 200 }}
              />
              <Popconfirm title={t('recal.confirmReject')} onConfirm={() => decide(rec.id, 'reject')}>
                <Button danger data-testid="recal-reject">
                  {t('recal.reject')}
                </Button>
              </Popconfirm>
              <Popconfirm title={t('recal.confirmApprove')} onConfirm={() => decide(rec.id, 'approve')}>
                <Button type="primary" data-testid="recal-approve">
                  {t('recal.approve')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        <PageState loading={compare.loading} error={compare.error} reload={compare.reload}>
          {compare.data && rec && (
            <div data-testid="recal-compare">
              <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
                <Descriptions.Item label={t('common.status')}>
                  <Tag color={STATUS_COLOR[rec.status]} data-testid="recal-status">
                    {t(`recal.${rec.status}`)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('common.reason')}>{rec.reason}</Descriptions.Item>
                <Descriptions.Item label={t('recal.lastQuarter')}>
                  {compare.data.previous_period} · {compare.data.scorecards_last} {t('recal.cards')}
                </Descriptions.Item>
                <Descriptions.Item label={t('recal.affected')}>
                  {rec.period} · {compare.data.scorecards_affected} {t('recal.cards')}
                </Descriptions.Item>
              </Descriptions>
              {compare.data.items.length === 0 ? (
                <EmptyHint text={t('recal.noItems')} />
              ) : (
                <Table
                  size="small"
                  rowKey="item_id"
                  pagination={false}
                  dataSource={compare.data.items}
                  scroll={{ x: 800 }}
                  rowClassName={(r) =>
                    r.proposed_weight !== r.current_weight || r.proposed_version ? 'ys-changed' : ''
                  }
                  columns={[
                    {
                      title: t('recal.item'),
                      dataIndex: 'item_id',
                      sorter: (a, b) => a.item_id.localeCompare(b.item_id),
                    },
                    {
                      title: t('recal.lastWeight'),
                      dataIndex: 'last_weight',
                      render: num,
                      sorter: byNum('last_weight'),
                    },
                    {
                      title: t('recal.currentWeight'),
                      dataIndex: 'current_weight',
                      render: num,
                      sorter: byNum('current_weight'),
                    },
                    {
                      title: t('recal.proposedWeight'),
                      dataIndex: 'proposed_weight',
                      sorter: byNum('proposed_weight'),
                      render: (v: number | null, r) =>
                        v !== r.current_weight ? <Typography.Text strong>{num(v)}</Typography.Text> : num(v),
                    },
                    {
                      title: t('recal.lastAchievement'),
                      dataIndex: 'last_mean_achievement',
                      render: (v: number | null) => (v === null ? '—' : `${num(v)}%`),
                      sorter: byNum('last_mean_achievement'),
                    },
                    {
                      title: t('recal.version'),
                      dataIndex: 'proposed_version',
                      render: (v: string | null) => v ?? '—',
                    },
                    { title: t('recal.valueCurrent'), dataIndex: 'last_value_current_version', render: num },
                    { title: t('recal.valueProposed'), dataIndex: 'last_value_proposed_version', render: num },
                  ]}
                />
              )}
            </div>
          )}
        </PageState>
      </Drawer>
    </PageState>
  );
}
