import { Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api/client.js';
import type { Explain } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { formatValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import type { ExplainTarget } from './explain-drawer.js';
import { PageState } from './page-state.js';

/** The lineage of one KPI value: definition version, formula, base measures with source row ids, SQL. */
export default function ExplainBody({ target }: { target: ExplainTarget }) {
  const { t, pick } = useI18n();
  const { data, error, loading, reload } = useApi(
    () => api<Explain>('/explain', { query: { period: target.period, kpi: target.kpi, scope: target.scope } }),
    [target.kpi, target.period, target.scope],
  );
  return (
    <PageState loading={loading} error={error} reload={reload}>
      {data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="explain-body">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {pick(data.name_zh, data.name_en)} <Typography.Text type="secondary">{data.kpi}</Typography.Text>
          </Typography.Title>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('explain.value')}>
              <strong>{formatValue(data.value, data.unit)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.period')}>{data.period}</Descriptions.Item>
            {target.scope && <Descriptions.Item label={t('explain.scope')}>{target.scope}</Descriptions.Item>}
            <Descriptions.Item label={t('explain.version')}>
              <Tag color="blue">{data.version}</Tag>
              {t('explain.effective')}: {data.effective_from}
            </Descriptions.Item>
            <Descriptions.Item label={t('explain.formula')}>
              <code>{data.formula}</code>
            </Descriptions.Item>
            <Descriptions.Item label={t('explain.quality')}>
              {data.quality}
              {data.reason ? ` — ${data.reason}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('explain.measures')}</Typography.Title>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={Object.entries(data.measures).map(([name, m]) => ({ name, ...m }))}
            columns={[
              { title: t('explain.measure'), dataIndex: 'name' },
              { title: t('explain.value'), dataIndex: 'value', render: (v: number | null) => v ?? '—' },
              { title: t('explain.table'), dataIndex: 'table' },
              {
                title: t('explain.rows'),
                dataIndex: 'source_row_ids',
                render: (ids: string[] | undefined, row) =>
                  ids?.length ? (
                    <div style={{ maxHeight: 120, overflow: 'auto' }}>
                      {ids.map((id) => (
                        <Tag key={id} data-testid="source-row">
                          {id}
                        </Tag>
                      ))}
                    </div>
                  ) : (
                    <Typography.Text type="secondary">{row.source}</Typography.Text>
                  ),
              },
            ]}
          />
          <Typography.Title level={5}>{t('explain.sql')}</Typography.Title>
          {data.sql.length ? (
            data.sql.map((sql, i) => (
              <div key={sql}>
                <pre style={{ whiteSpace: 'pre-wrap', background: '#f6f6f6', padding: 8, fontSize: 12 }}>{sql}</pre>
                <Typography.Text type="secondary">
                  {t('explain.params')}: {JSON.stringify(data.params[i] ?? [])}
                </Typography.Text>
              </div>
            ))
          ) : (
            <Empty />
          )}
        </Space>
      )}
    </PageState>
  );
}
