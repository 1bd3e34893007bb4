import { AutoComplete, Button, DatePicker, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

interface AuditEntry {
  id?: string | number;
  at: string;
  actor: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** Entities the server audits (the filter also accepts any other name). */
const ENTITIES = [
  'scorecard',
  'period',
  'feedback',
  'feedback_request',
  'self_report',
  'review_plan',
  'recalibration',
  'settings',
  'channel_rule',
  'import',
  'person',
  'user',
  'api_token',
];

const brief = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** The append-only audit log, filtered by entity, actor and dates, paginated, exportable. */
export function AuditLog() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState('');
  const [actor, setActor] = useState('');
  const [range, setRange] = useState<[string, string] | null>(null);
  const log = useApi(
    () =>
      api<Page<AuditEntry>>('/audit', {
        query: { page, page_size: 50, entity, actor, from: range?.[0], to: range?.[1] },
      }),
    [page, entity, actor, range?.join()],
  );
  const rows = log.data?.items ?? [];
  return (
    <PageState error={log.error} reload={log.reload}>
      <Space wrap style={{ marginBottom: 8 }}>
        <AutoComplete
          allowClear
          placeholder={t('audit.entity')}
          options={ENTITIES.map((e) => ({ value: e }))}
          filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
          onChange={(v: string | undefined) => {
            setPage(1);
            setEntity((v ?? '').trim());
          }}
          style={{ width: 180 }}
          data-testid="audit-entity"
        />
        <Input.Search
          allowClear
          placeholder={t('audit.actor')}
          onSearch={(v) => {
            setPage(1);
            setActor(v.trim());
          }}
          style={{ width: 160 }}
          data-testid="audit-actor"
        />
        <DatePicker.RangePicker
          data-testid="audit-range"
          onChange={(d) => {
            setPage(1);
            setRange(d?.[0] && d[1] ? [d[0].format('YYYY-MM-DD'), d[1].format('YYYY-MM-DD')] : null);
          }}
        />
        <Button
          data-testid="audit-export"
          onClick={() =>
            exportXlsx(
              'audit',
              'audit',
              [
                { header: t('audit.at'), value: (r: AuditEntry) => r.at },
                { header: t('audit.actor'), value: (r: AuditEntry) => r.actor },
                { header: t('audit.entity'), value: (r: AuditEntry) => r.entity },
                { header: 'id', value: (r: AuditEntry) => r.entity_id },
                { header: t('audit.action'), value: (r: AuditEntry) => r.action },
                { header: 'before', value: (r: AuditEntry) => r.before },
                { header: 'after', value: (r: AuditEntry) => r.after },
                { header: t('common.reason'), value: (r: AuditEntry) => r.reason },
              ],
              rows,
            )
          }
        >
          {t('common.export')}
        </Button>
      </Space>
      <Table
        size="small"
        loading={log.loading}
        data-testid="audit-table"
        rowKey={(r) => `${r.id ?? ''}${r.at}${r.entity}${r.entity_id}${r.action}`}
        dataSource={rows}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 50, total: log.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: t('audit.at'),
            dataIndex: 'at',
            width: 170,
            render: (v: string) => String(v).slice(0, 19).replace('T', ' '),
          },
          { title: t('audit.actor'), dataIndex: 'actor', width: 110 },
          {
            title: t('audit.entity'),
            key: 'entity',
            width: 200,
            render: (_v, r) => `${r.entity} ${r.entity_id ?? ''}`,
          },
          { title: t('audit.action'), dataIndex: 'action', width: 120 },
          {
            title: t('audit.change'),
            key: 'change',
            render: (_v, r) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {brief(r.after ?? r.before)} {r.reason ? `(${r.reason})` : ''}
              </Typography.Text>
            ),
          },
        ]}
      />
    </PageState>
  );
}
