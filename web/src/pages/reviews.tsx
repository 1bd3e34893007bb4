import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import type { Kpi, Person, ReviewView, ScorecardSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EChart } from '../components/echart.js';
import { EmptyHint, PageState } from '../components/page-state.js';
import { formatNumber, formatPercent100, formatValue } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useRouter } from '../router.js';
import { useSession } from '../session.js';

type Gap = ReviewView['gaps'][number];
const PLAN_STATUSES = ['open', 'in_progress', 'done', 'dropped'];

function DriversChart({ gap }: { gap: Gap }) {
  const { t } = useI18n();
  const drivers = [...gap.drivers].sort((a, b) => a.contribution - b.contribution);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 140, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: drivers.map((d) => `${d.dimension}: ${d.value}`) },
      series: [
        {
          type: 'bar',
          name: t('rv.gap'),
          data: drivers.map((d) => ({
            value: d.contribution,
            itemStyle: { color: d.contribution < 0 ? '#cf1322' : '#389e0d' },
          })),
        },
      ],
    }),
    [drivers, t],
  );
  if (!drivers.length) return <EmptyHint text={t('rv.noDrivers')} />;
  return <EChart option={option} height={Math.max(180, drivers.length * 32)} testId="drivers-chart" />;
}

function Meeting({ id }: { id: string }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const review = useApi(() => api<ReviewView>(`/reviews/${id}`), [id]);
  const people = useApi(() => api<Person[]>('/people'), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [form] = Form.useForm();
  const kpis = useApi(() => api<Kpi[]>('/kpis'), []);
  const unitOf = (kpi: string) => kpis.data?.find((k) => k.id === kpi)?.unit ?? 'count';
  const data = review.data;
  const gap =
    data?.gaps.find((g) => g.item_id === selected) ?? data?.gaps.find((g) => g.drivers.length) ?? data?.gaps[0];
  const canPlan = hasRole('admin', 'manager');
  const addPlan = async (values: { action: string; owner_id?: string; due?: { format: (f: string) => string } }) => {
    try {
      await api(`/reviews/${id}/plan`, {
        method: 'POST',
        body: {
          action: values.action,
          owner_id: values.owner_id ?? null,
          due_date: values.due ? values.due.format('YYYY-MM-DD') : null,
        },
      });
      form.resetFields();
      review.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const setStatus = async (planId: string, status: string) => {
    try {
      await api(`/reviews/plan/${planId}`, { method: 'PATCH', body: { status } });
      review.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const nameOf = (pid: string | null) => people.data?.find((p) => p.person_id === pid)?.name ?? pid ?? '—';
  return (
    <PageState loading={review.loading} error={review.error} reload={review.reload}>
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={`${t('rv.gaps')} · ${t('common.total')} ${formatNumber(data.total)} · ${data.band ?? '—'}`}
            >
              <Table
                size="small"
                rowKey="item_id"
                pagination={false}
                dataSource={data.gaps}
                scroll={{ x: 520 }}
                onRow={(g) => ({
                  onClick: () => setSelected(g.item_id),
                  style: { cursor: 'pointer', background: g.item_id === gap?.item_id ? '#e6f4ff' : undefined },
                })}
                columns={[
                  { title: t('sc.item'), key: 'name', render: (_v, g) => pick(g.name_zh, g.name_en) || g.kpi },
                  {
                    title: t('sc.target'),
                    dataIndex: 'target',
                    align: 'right',
                    render: (v: number | null, g) => formatValue(v, unitOf(g.kpi)),
                  },
                  {
                    title: t('sc.actual'),
                    dataIndex: 'actual',
                    align: 'right',
                    render: (v: number | null, g) => formatValue(v, unitOf(g.kpi)),
                  },
                  {
                    title: t('rv.gap'),
                    dataIndex: 'gap',
                    align: 'right',
                    render: (v: number | null, g) => (
                      <span style={{ color: (g.achievement ?? 0) < 100 ? '#cf1322' : '#389e0d' }}>
                        {formatValue(v, unitOf(g.kpi))}
                      </span>
                    ),
                  },
                  {
                    title: t('sc.achievement'),
                    dataIndex: 'achievement',
                    align: 'right',
                    render: (v: number | null) => formatPercent100(v),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card
              size="small"
              title={`${t('rv.drivers')}${gap ? ` · ${pick(gap.name_zh, gap.name_en) || gap.kpi}` : ''}`}
            >
              {gap ? <DriversChart gap={gap} /> : <EmptyHint text={t('rv.noDrivers')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('rv.plan')}>
              <List
                size="small"
                data-testid="plan-list"
                locale={{ emptyText: t('rv.noPlan') }}
                dataSource={data.plan}
                renderItem={(p) => (
                  <List.Item
                    actions={[
                      <Select
                        key="status"
                        data-testid={`plan-status-${p.id}`}
                        size="small"
                        style={{ width: 110 }}
                        value={p.status}
                        onChange={(s) => setStatus(p.id, s)}
                        options={PLAN_STATUSES.map((s) => ({ value: s, label: t(`plan.${s}` as MessageKey) }))}
                      />,
                    ]}
                  >
                    {p.action} <Tag>{nameOf(p.owner_id)}</Tag> {p.due_date && <Tag color="blue">{p.due_date}</Tag>}
                  </List.Item>
                )}
              />
              {canPlan && (
                <Form
                  form={form}
                  layout="inline"
                  onFinish={addPlan}
                  style={{ marginTop: 12, rowGap: 8 }}
                  data-testid="plan-form"
                >
                  <Form.Item name="action" rules={[{ required: true }]} style={{ minWidth: 260, flex: 1 }}>
                    <Input placeholder={t('rv.action')} data-testid="plan-action" />
                  </Form.Item>
                  <Form.Item name="owner_id">
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      data-testid="plan-owner"
                      placeholder={t('targets.owner')}
                      style={{ width: 120 }}
                      options={(people.data ?? []).map((p) => ({ value: p.person_id, label: p.name }))}
                    />
                  </Form.Item>
                  <Form.Item name="due">
                    <DatePicker placeholder={t('rv.due')} />
                  </Form.Item>
                  <Button htmlType="submit" data-testid="plan-add">
                    {t('rv.add')}
                  </Button>
                </Form>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </PageState>
  );
}

/** 绩效面谈: pick a scorecard, see the gap per KPI, the dimensions that explain it, and the improvement plan. */
export default function ReviewsPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const { period } = useSession();
  const { navigate } = useRouter();
  // Every visible scorecard (all periods), so a meeting opened by link shows its person and period.
  const cards = useApi(() => api<ScorecardSummary[]>('/scorecards'), []);
  const people = (cards.data ?? []).filter((c) => c.subject_type === 'person');
  const current = id ?? (people.find((c) => c.period === period) ?? people[0])?.id;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rv.title')}
        </Typography.Title>
        <Select
          style={{ width: 220 }}
          placeholder={t('rv.pick')}
          value={current}
          onChange={(v) => navigate(`/reviews/${v}`)}
          options={people.map((c) => ({ value: c.id, label: `${c.person_name ?? c.subject_id} · ${c.period}` }))}
        />
      </Space>
      <PageState loading={cards.loading} error={cards.error} reload={cards.reload}>
        {current ? <Meeting key={current} id={current} /> : cards.data && <EmptyHint text={t('team.empty')} />}
      </PageState>
    </Space>
  );
}
