import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Rate,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import type { FeedbackRequest, FeedbackSummary, Person } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { EChart } from '../components/echart.js';
import { PageState } from '../components/page-state.js';
import { formatNumber } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useRouter } from '../router.js';
import { useSession } from '../session.js';
import { FeedbackInvite } from './feedback-invite.js';

const DIMENSIONS = ['collaboration', 'professionalism', 'communication', 'results', 'innovation'] as const;

function FeedbackForm({ request, onDone }: { request: FeedbackRequest; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (values: Record<string, number | string>) => {
    setBusy(true);
    try {
      const scores = Object.fromEntries(DIMENSIONS.map((d) => [d, values[d]]));
      await api('/feedback', {
        method: 'POST',
        body: { request_id: request.id, scores, comment: values.comment || undefined },
      });
      message.success(t('fb.submitted'));
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="horizontal" labelCol={{ span: 6 }} onFinish={submit} data-testid="feedback-form">
      {DIMENSIONS.map((d) => (
        <Form.Item key={d} name={d} label={t(`fb.${d}` as MessageKey)} rules={[{ required: true }]}>
          <Rate data-testid={`rate-${d}`} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('common.comment')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="feedback-submit">
        {t('common.submit')}
      </Button>
    </Form>
  );
}

function Summary({ personId, period }: { personId: string; period: string }) {
  const { t } = useI18n();
  const summary = useApi(
    () => api<FeedbackSummary>('/feedback/summary', { query: { person_id: personId, period } }),
    [personId, period],
  );
  const data = summary.data;
  const option = useMemo(
    () => ({
      tooltip: {},
      radar: { indicator: DIMENSIONS.map((d) => ({ name: t(`fb.${d}` as MessageKey), max: 5 })), radius: '65%' },
      series: [
        {
          type: 'radar',
          data: [{ value: DIMENSIONS.map((d) => data?.dimensions?.[d] ?? 0), name: t('fb.average') }],
          areaStyle: { opacity: 0.2 },
        },
      ],
    }),
    [data, t],
  );
  return (
    <PageState loading={summary.loading} error={summary.error} reload={summary.reload}>
      {data && !data.shown && <Alert type="info" showIcon message={t('fb.hidden', { count: data.count })} />}
      {data?.shown && (
        <>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('fb.average')}>{formatNumber(data.average)}</Descriptions.Item>
            <Descriptions.Item label={t('fb.count')}>{data.count}</Descriptions.Item>
            {Object.entries(data.by_relation ?? {}).map(([rel, v]) => (
              <Descriptions.Item key={rel} label={t(`fb.rel.${rel}` as MessageKey)}>
                {formatNumber(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <EChart option={option} height={260} testId="feedback-radar" />
        </>
      )}
    </PageState>
  );
}

/** 360°反馈: forms the caller must fill, and the aggregated anonymous results (≥ 3 responses). */
export default function FeedbackPage() {
  const { t } = useI18n();
  const { me, period, hasRole } = useSession();
  const { search } = useRouter();
  const requests = useApi(() => api<FeedbackRequest[]>('/feedback/requests', { query: { period } }), [period]);
  const [active, setActive] = useState<string | null>(search.get('request'));
  const canPick = hasRole('admin', 'manager', 'hr');
  const people = useApi(() => api<Person[]>('/people'), [], canPick);
  const [subject, setSubject] = useState<string | undefined>(me?.person_id ?? undefined);
  const current = requests.data?.find((r) => r.id === active && !r.submitted);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={`${t('fb.toFill')} · ${period}`}>
          <PageState loading={requests.loading} error={requests.error} reload={requests.reload}>
            <List
              size="small"
              locale={{ emptyText: t('fb.none') }}
              dataSource={requests.data ?? []}
              data-testid="feedback-requests"
              renderItem={(r) => (
                <List.Item
                  actions={[
                    r.submitted ? (
                      <Tag key="done" color="green">
                        {t('fb.done')}
                      </Tag>
                    ) : (
                      <Button
                        key="fill"
                        size="small"
                        type={r.id === active ? 'primary' : 'default'}
                        onClick={() => setActive(r.id)}
                      >
                        {t('sc.fill')}
                      </Button>
                    ),
                  ]}
                >
                  {r.subject_name} <Tag>{t(`fb.rel.${r.relation}` as MessageKey)}</Tag>
                </List.Item>
              )}
            />
          </PageState>
          {current && (
            <Card
              size="small"
              type="inner"
              title={`${t('fb.subject')}: ${current.subject_name}`}
              style={{ marginTop: 12 }}
            >
              <FeedbackForm
                key={current.id}
                request={current}
                onDone={() => {
                  setActive(null);
                  requests.reload();
                }}
              />
            </Card>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('fb.summary')}
          extra={
            canPick && (
              <Select
                style={{ width: 160 }}
                value={subject}
                onChange={setSubject}
                options={(people.data ?? []).map((p) => ({ value: p.person_id, label: p.name }))}
              />
            )
          }
        >
          {subject ? (
            <Summary personId={subject} period={period} />
          ) : (
            <Typography.Text type="secondary">{t('sc.noPerson')}</Typography.Text>
          )}
        </Card>
      </Col>
      {canPick && (
        <Col xs={24} lg={12}>
          <FeedbackInvite people={people.data ?? []} period={period} />
        </Col>
      )}
    </Row>
  );
}
