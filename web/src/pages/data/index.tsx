import { App, Button, Card, Col, Descriptions, List, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { DataQuality, Page } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { formatShare } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { ImportJobs } from './jobs.js';
import { UploadCard } from './upload.js';

interface ImportRow {
  import_id: string;
  format: string;
  file_name: string;
  rows_read: number;
  rows_inserted: number;
  rows_updated: number;
  rows_rejected: number;
  username: string;
  started_at: string;
  status: string;
  rolled_back_at: string | null;
  message: string | null;
}

function History({ version }: { version: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const list = useApi(() => api<Page<ImportRow>>('/imports', { query: { page, page_size: 20 } }), [page, version]);
  const rollback = async (id: string) => {
    try {
      await api(`/imports/${id}/rollback`, { method: 'POST' });
      message.success(t('data.rolledBack'));
      list.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const rows = list.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('data.history')}
      extra={
        <Button
          size="small"
          onClick={() =>
            exportXlsx(
              'imports',
              'imports',
              [
                { header: 'import_id', value: (r: ImportRow) => r.import_id },
                { header: t('data.format'), value: (r: ImportRow) => r.format },
                { header: 'file', value: (r: ImportRow) => r.file_name },
                { header: t('data.rows'), value: (r: ImportRow) => r.rows_read },
                { header: t('data.inserted'), value: (r: ImportRow) => r.rows_inserted },
                { header: t('data.rejected'), value: (r: ImportRow) => r.rows_rejected },
                { header: t('common.status'), value: (r: ImportRow) => r.status },
                { header: 'message', value: (r: ImportRow) => r.message },
              ],
              rows,
            )
          }
        >
          {t('common.export')}
        </Button>
      }
    >
      <PageState loading={list.loading} error={list.error} reload={list.reload}>
        <Table
          size="small"
          rowKey="import_id"
          dataSource={rows}
          locale={{ emptyText: <EmptyHint text={t('data.historyEmpty')} /> }}
          scroll={{ x: 800 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'started_at', render: (v: string) => v?.slice(0, 19).replace('T', ' ') },
            { title: t('data.format'), dataIndex: 'format' },
            { title: t('data.fileName'), dataIndex: 'file_name', ellipsis: true },
            {
              title: t('data.rows'),
              dataIndex: 'rows_read',
              align: 'right',
              sorter: (a, b) => a.rows_read - b.rows_read,
            },
            { title: t('data.inserted'), dataIndex: 'rows_inserted', align: 'right' },
            { title: t('data.rejected'), dataIndex: 'rows_rejected', align: 'right' },
            { title: t('audit.actor'), dataIndex: 'username' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (s: string, r) => (
                <span title={r.message ?? ''}>
                  <Tag color={s === 'committed' ? 'green' : s === 'rejected' ? 'red' : 'default'}>{s}</Tag>
                </span>
              ),
            },
            {
              title: t('common.actions'),
              key: 'rollback',
              render: (_v, r) =>
                r.status === 'committed' && !r.rolled_back_at ? (
                  <Popconfirm title={`${t('data.rollback')} ${r.file_name}?`} onConfirm={() => rollback(r.import_id)}>
                    <Typography.Link>{t('data.rollback')}</Typography.Link>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </PageState>
    </Card>
  );
}

function QualityPanel({ period }: { period: string }) {
  const { t } = useI18n();
  const q = useApi(() => api<DataQuality>('/data-quality', { query: { period } }), [period], Boolean(period));
  return (
    <Card size="small" title={`${t('data.quality')} · ${period}`} data-testid="data-quality">
      <PageState loading={q.loading} error={q.error} reload={q.reload}>
        {q.data && (
          <>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('data.botShare')}>
                {formatShare(q.data.bot_share)} ({q.data.events})
              </Descriptions.Item>
              <Descriptions.Item label={t('data.unclassified')}>
                {formatShare(q.data.unclassified_share)} ({q.data.sessions})
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{t('data.missing')}</Typography.Text>
            <List
              size="small"
              locale={{ emptyText: t('data.noMissing') }}
              dataSource={q.data.missing_sources}
              renderItem={(m) => (
                <List.Item>
                  {m.kpi} <Tag>{m.table ?? '—'}</Tag>
                </List.Item>
              )}
            />
          </>
        )}
      </PageState>
    </Card>
  );
}

/** 数据接入: upload exports (dry run, mapping, errors by row/column), import history with rollback, data quality. */
export default function DataPage() {
  const { t } = useI18n();
  const { period, hasRole } = useSession();
  const [version, setVersion] = useState(0);
  const canImport = hasRole('admin', 'analyst', 'member');
  const canHistory = hasRole('admin', 'analyst');
  const canQuality = hasRole('admin', 'analyst', 'manager');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('data.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {canImport && (
          <Col xs={24} lg={14}>
            <UploadCard onImported={() => setVersion((v) => v + 1)} />
          </Col>
        )}
        {canQuality && (
          <Col xs={24} lg={10}>
            <QualityPanel period={period} />
          </Col>
        )}
        {canImport && (
          <Col span={24}>
            <ImportJobs version={version} showUser={canHistory} />
          </Col>
        )}
        {canHistory && (
          <Col span={24}>
            <History version={version} />
          </Col>
        )}
      </Row>
    </Space>
  );
}
