import { Alert, Button, Input, Space, Table } from 'antd';
import { useState } from 'react';
import type { RawFeedbackAnswer } from '../../../../src/app/feedback/feedback.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

const DIMENSIONS = ['collaboration', 'professionalism', 'communication', 'results', 'innovation'] as const;

/** HR/admin: raw 360° answers of the selected period (named reviewers); everyone else sees only aggregates. */
export function FeedbackRawSettings() {
  const { t } = useI18n();
  const { period } = useSession();
  const [search, setSearch] = useState('');
  const raw = useApi(() => api<RawFeedbackAnswer[]>('/feedback/raw', { query: { period } }), [period]);
  const needle = search.trim().toLowerCase();
  const rows = (raw.data ?? []).filter(
    (r) =>
      !needle ||
      [r.subject_name, r.subject_person_id, r.reviewer_name, r.reviewer_person_id, r.comment].some((v) =>
        (v ?? '').toLowerCase().includes(needle),
      ),
  );
  const who = (name: string | null, id: string) => (name ? `${name} (${id})` : id);
  return (
    <PageState loading={raw.loading} error={raw.error} reload={raw.reload}>
      <Alert type="warning" showIcon message={t('raw360.confidential')} style={{ marginBottom: 8 }} />
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder={t('raw360.search')}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
          style={{ width: 240 }}
          data-testid="raw360-search"
        />
        <Button
          disabled={!rows.length}
          onClick={() =>
            exportXlsx(
              `feedback-raw-${period}`,
              '360',
              [
                { header: t('common.period'), value: (r: RawFeedbackAnswer) => r.period },
                {
                  header: t('raw360.subject'),
                  value: (r: RawFeedbackAnswer) => who(r.subject_name, r.subject_person_id),
                },
                {
                  header: t('raw360.reviewer'),
                  value: (r: RawFeedbackAnswer) => who(r.reviewer_name, r.reviewer_person_id),
                },
                { header: t('raw360.relation'), value: (r: RawFeedbackAnswer) => r.relation },
                ...DIMENSIONS.map((d) => ({ header: t(`raw360.${d}`), value: (r: RawFeedbackAnswer) => r[d] })),
                { header: t('common.comment'), value: (r: RawFeedbackAnswer) => r.comment },
                { header: t('raw360.submitted'), value: (r: RawFeedbackAnswer) => r.submitted_at },
              ],
              rows,
            )
          }
        >
          {t('common.export')}
        </Button>
      </Space>
      {raw.data && raw.data.length === 0 ? (
        <EmptyHint text={t('raw360.empty')} />
      ) : (
        <Table
          size="small"
          rowKey={(r) => r.request_id}
          data-testid="raw360-table"
          dataSource={rows}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('raw360.subject'),
              key: 'subject',
              sorter: (a, b) => (a.subject_name ?? '').localeCompare(b.subject_name ?? '', 'zh-CN'),
              render: (_v, r) => who(r.subject_name, r.subject_person_id),
            },
            {
              title: t('raw360.reviewer'),
              key: 'reviewer',
              sorter: (a, b) => (a.reviewer_name ?? '').localeCompare(b.reviewer_name ?? '', 'zh-CN'),
              render: (_v, r) => who(r.reviewer_name, r.reviewer_person_id),
            },
            {
              title: t('raw360.relation'),
              dataIndex: 'relation',
              filters: [...new Set((raw.data ?? []).map((r) => r.relation))].map((v) => ({ text: v, value: v })),
              onFilter: (v, r) => r.relation === v,
            },
            ...DIMENSIONS.map((d) => ({
              title: t(`raw360.${d}`),
              dataIndex: d,
              sorter: (a: RawFeedbackAnswer, b: RawFeedbackAnswer) => a[d] - b[d],
            })),
            { title: t('common.comment'), dataIndex: 'comment', ellipsis: true },
            {
              title: t('raw360.submitted'),
              dataIndex: 'submitted_at',
              sorter: (a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)),
              render: (v: string | null) => v?.slice(0, 16).replace('T', ' ') ?? '—',
            },
          ]}
        />
      )}
    </PageState>
  );
}
