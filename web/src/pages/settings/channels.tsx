import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag } from 'antd';
// Shared with the server: the pure channel-group list and the rule record type (type-only, erased at build).
import type { ChannelRuleRecord } from '../../../../src/app/channels/index.js';
import { CHANNEL_GROUPS } from '../../../../src/core/channels/types.js';
import { ApiError, api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

/** A stored channel rule (GET /api/channel-rules): the server's own record type. */
type ChannelRule = ChannelRuleRecord;

const PATTERNS = ['source_pattern', 'medium_pattern', 'campaign_pattern', 'referrer_pattern'] as const;
/** Channel rules: the list in evaluation order; admins and analysts add and delete rules (future imports only). */
export function ChannelRulesSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const canEdit = hasRole('admin', 'analyst');
  const rules = useApi(() => api<{ items: ChannelRule[] }>('/channel-rules'), []);
  const [form] = Form.useForm();

  const create = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const body: Record<string, unknown> = { priority: values.priority, channel: values.channel };
    if (values.channel_group) body.channel_group = values.channel_group;
    for (const f of PATTERNS) if (typeof values[f] === 'string' && values[f]) body[f] = values[f];
    if (typeof values.aliases === 'string' && values.aliases.trim()) {
      body.aliases = values.aliases
        .split(/[,，]/)
        .map((a) => a.trim())
        .filter(Boolean);
    }
    try {
      await api('/channel-rules', { method: 'POST', body });
      message.success(t('channels.created'));
      form.resetFields();
      rules.reload();
    } catch (e) {
      if (e instanceof ApiError && e.field && e.field in values) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
      } else message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const remove = async (rule: ChannelRule) => {
    try {
      await api(`/channel-rules/${encodeURIComponent(rule.rule_id)}`, { method: 'DELETE' });
      message.success(t('channels.deleted'));
      rules.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <PageState loading={rules.loading && !rules.data} error={rules.error} reload={rules.reload}>
      <Alert type="info" showIcon message={t('channels.futureOnly')} style={{ marginBottom: 8 }} />
      <Button
        size="small"
        style={{ marginBottom: 8 }}
        data-testid="channel-rules-export"
        onClick={() =>
          exportXlsx(
            'channel-rules',
            'channel_rules',
            [
              { header: t('channels.priority'), value: (r: ChannelRule) => r.priority },
              { header: t('channels.channel'), value: (r: ChannelRule) => r.channel },
              { header: t('channels.group'), value: (r: ChannelRule) => r.channel_group },
              ...PATTERNS.map((f) => ({ header: t(`channels.${f}`), value: (r: ChannelRule) => r[f] })),
              { header: t('channels.aliases'), value: (r: ChannelRule) => r.aliases.join(', ') },
            ],
            rules.data?.items ?? [],
          )
        }
      >
        {t('common.export')}
      </Button>
      <Table
        size="small"
        rowKey="rule_id"
        data-testid="channel-rules"
        dataSource={rules.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t('channels.priority'),
            dataIndex: 'priority',
            width: 80,
            sorter: (a: ChannelRule, b: ChannelRule) => a.priority - b.priority,
          },
          {
            title: t('channels.channel'),
            dataIndex: 'channel',
            sorter: (a: ChannelRule, b: ChannelRule) => a.channel.localeCompare(b.channel, 'zh-CN'),
          },
          {
            title: t('channels.group'),
            dataIndex: 'channel_group',
            filters: CHANNEL_GROUPS.map((g) => ({ text: g, value: g })),
            onFilter: (v: unknown, r: ChannelRule) => r.channel_group === v,
            render: (g: string | null) => g ?? '—',
          },
          ...PATTERNS.map((f) => ({
            title: t(`channels.${f}`),
            dataIndex: f,
            render: (p: string | null) => (p ? <code>{p}</code> : '—'),
          })),
          {
            title: t('channels.aliases'),
            dataIndex: 'aliases',
            render: (list: string[]) => list.map((a) => <Tag key={a}>{a}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_v: unknown, rule: ChannelRule) => (
                    <Popconfirm title={t('channels.confirmDelete')} onConfirm={() => remove(rule)}>
                      <Button size="small" danger data-testid={`delete-rule-${rule.rule_id}`}>
                        {t('channels.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canEdit && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ priority: 100 }}
          style={{ marginTop: 16, maxWidth: 720 }}
          data-testid="channel-rule-form"
        >
          <Space wrap align="start">
            <Form.Item name="priority" label={t('channels.priority')} rules={[{ required: true }]}>
              <InputNumber min={0} max={1_000_000} precision={0} />
            </Form.Item>
            <Form.Item name="channel" label={t('channels.channel')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="channel_group" label={t('channels.group')}>
              <Select
                allowClear
                style={{ minWidth: 180 }}
                options={CHANNEL_GROUPS.map((g) => ({ value: g, label: g }))}
              />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            {PATTERNS.map((f) => (
              <Form.Item key={f} name={f} label={t(`channels.${f}`)}>
                <Input maxLength={500} placeholder="^(xhs|xiaohongshu)$" />
              </Form.Item>
            ))}
          </Space>
          <Form.Item name="aliases" label={t('channels.aliases')} extra={t('channels.aliasesHint')}>
            <Input maxLength={1000} />
          </Form.Item>
          <Button type="primary" onClick={create} data-testid="create-rule">
            {t('channels.create')}
          </Button>
        </Form>
      )}
    </PageState>
  );
}
