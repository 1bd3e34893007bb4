import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ImportJob, Page } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

const STATUS_COLOR: Record<ImportJob['status'], string> = { running: 'processing', done: 'green', failed: 'red' };

/** The caller's import jobs (analysts and admins: everyone's), refreshed while one runs; kept across restarts. */
export function ImportJobs({ version, showUser }: { version: number; showUser: boolean }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useApi(() => api<Page<ImportJob>>('/imports/jobs', { query: { page, page_size: 10 } }), [page, version]);
  const rows = list.data?.items ?? [];
  const running = rows.some((j) => j.status === 'running');
  const { reload } = list;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [running, reload]);
  const summary = (j: ImportJob) =>
    j.status === 'done' && j.result
      ? `${t('data.inserted')} ${j.result.inserted} · ${t('data.updated')} ${j.result.updated} · ${t('data.rejected')} ${j.result.rejected}`
      : (j.error?.message ?? `${t('data.rows')} ${j.progress.rows}`);
  return (
    <Card
      size="small"
      title={t('data.jobs')}
      data-testid="import-jobs"
      extra={
        <Space>
          <Button size="small" onClick={reload}>
            {t('data.refresh')}
          </Button>
          <Button
            size="small"
            onClick={() =>
              exportXlsx(
                'import-jobs',
                'jobs',
                [
                  { header: t('audit.at'), value: (j: ImportJob) => j.started_at },
                  { header: t('audit.actor'), value: (j: ImportJob) => j.username },
                  { header: t('data.fileName'), value: (j: ImportJob) => j.file_name },
                  { header: t('data.format'), value: (j: ImportJob) => j.format },
                  { header: t('common.status'), value: (j: ImportJob) => j.status },
                  { header: t('data.message'), value: summary },
                ],
                rows,
              )
            }
          >
            {t('common.export')}
          </Button>
        </Space>
      }
    >
      <PageState loading={list.loading} error={list.error} reload={reload}>
        <Table
          size="small"
          rowKey="id"
          dataSource={rows}
          scroll={{ x: 760 }}
          locale={{ emptyText: <EmptyHint text={t('data.jobsEmpty')} /> }}
          pagination={{
            current: page,
            pageSize: 10,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              title: t('audit.at'),
              dataIndex: 'started_at',
              width: 150,
              render: (v: string) => v.slice(0, 19).replace('T', ' '),
            },
            ...(showUser ? [{ title: t('audit.actor'), dataIndex: 'username', width: 100 }] : []),
            { title: t('data.fileName'), dataIndex: 'file_name', ellipsis: true },
            {
              title: t('data.format'),
              dataIndex: 'format',
              width: 130,
              render: (f: string, j: ImportJob) => (
                <>
                  {f} {j.dry_run && <Tag>{t('data.dryRun')}</Tag>}
                </>
              ),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 90,
              filters: (['running', 'done', 'failed'] as const).map((s) => ({ text: t(`data.status.${s}`), value: s })),
              onFilter: (value, j) => j.status === value,
              render: (s: ImportJob['status']) => <Tag color={STATUS_COLOR[s]}>{t(`data.status.${s}`)}</Tag>,
            },
            {
              title: t('data.message'),
              key: 'summary',
              render: (_v, j) => (
                <Typography.Text type={j.status === 'failed' ? 'danger' : undefined} ellipsis={{ tooltip: true }}>
                  {summary(j)}
                </Typography.Text>
              ),
            },
          ]}
        />
      </PageState>
    </Card>
  );
}
