import { App, Button, Card, Col, Form, Input, List, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Person, Scorecard, ScorecardSummary, Template } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { BandTag } from '../scorecard/view.js';
import { TargetEditor } from './editor.js';

/** 目标设定: new period, scorecards from a template for a person, then weights and SMART targets, approval. */
export default function TargetsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { period, setPeriod, reloadPeriods, me } = useSession();
  const [selected, setSelected] = useState<string | null>(null);
  const [newPeriod, setNewPeriod] = useState('');
  const cards = useApi(() => api<ScorecardSummary[]>('/scorecards', { query: { period } }), [period], Boolean(period));
  const people = useApi(() => api<Person[]>('/people'), []);
  const templates = useApi(() => api<Template[]>('/templates'), []);
  const [form] = Form.useForm<{ person_id: string; template_id: string }>();
  const taken = new Set((cards.data ?? []).map((c) => c.person_id));
  const candidates = (people.data ?? []).filter(
    (p) => p.active && !taken.has(p.person_id) && p.person_id !== me?.person_id,
  );

  const createPeriod = async () => {
    try {
      await api('/periods', { method: 'POST', body: { id: newPeriod.trim() } });
      await reloadPeriods();
      setPeriod(newPeriod.trim());
      setNewPeriod('');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const create = async (values: { person_id: string; template_id: string }) => {
    try {
      const card = await api<Scorecard>('/scorecards', { method: 'POST', body: { ...values, period } });
      cards.reload();
      setSelected(card.id);
      form.resetFields(['person_id']);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('targets.title')} · {period}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('targets.newPeriod')}>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  placeholder={t('targets.periodId')}
                  value={newPeriod}
                  onChange={(e) => setNewPeriod(e.target.value)}
                  data-testid="new-period-id"
                />
                <Button onClick={createPeriod} disabled={!newPeriod.trim()} data-testid="new-period-create">
                  {t('targets.createBtn')}
                </Button>
              </Space.Compact>
            </Card>
            <Card size="small" title={t('targets.create')}>
              <Form form={form} layout="vertical" onFinish={create} initialValues={{ template_id: 'b2b' }}>
                <Form.Item name="person_id" label={t('common.person')} rules={[{ required: true }]}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    data-testid="target-person"
                    options={candidates.map((p) => ({ value: p.person_id, label: `${p.name} · ${p.title ?? ''}` }))}
                  />
                </Form.Item>
                <Form.Item name="template_id" label={t('targets.template')} rules={[{ required: true }]}>
                  <Select
                    data-testid="target-template"
                    options={(templates.data ?? []).map((x) => ({ value: x.id, label: pick(x.name_zh, x.name_en) }))}
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" block data-testid="create-scorecard">
                  {t('targets.createBtn')}
                </Button>
              </Form>
            </Card>
            <Card size="small" title={t('targets.existing')}>
              <PageState loading={cards.loading} error={cards.error} reload={cards.reload}>
                <List
                  size="small"
                  dataSource={cards.data ?? []}
                  renderItem={(c) => (
                    <List.Item
                      onClick={() => setSelected(c.id)}
                      style={{ cursor: 'pointer', background: c.id === selected ? '#e6f4ff' : undefined }}
                    >
                      {c.person_name ?? `${c.subject_id} (${t('common.team')})`} <span>{c.status}</span>
                      <BandTag band={c.band} />
                    </List.Item>
                  )}
                />
              </PageState>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={16}>
          {selected ? (
            <TargetEditor key={selected} id={selected} onChanged={cards.reload} />
          ) : (
            <Card size="small">
              <Typography.Text type="secondary">{t('targets.pickCard')}</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
