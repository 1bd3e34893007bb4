import { Button, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Kpi } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { PageState } from '../../components/page-state.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

/** The KPI catalog with each definition's versions (formula, effective date). */
export function KpiCatalog() {
  const { t, pick } = useI18n();
  const kpis = useApi(() => api<Kpi[]>('/kpis'), []);
  const [query, setQuery] = useState('');
  const rows = (kpis.data ?? []).filter(
    (k) => !query || `${k.id}${k.name_zh}${k.name_en}`.toLowerCase().includes(query.toLowerCase()),
  );
  return (
    <PageState loading={kpis.loading} error={kpis.error} reload={kpis.reload}>
      <Input.Search
        allowClear
        placeholder={t('common.search')}
        onSearch={setQuery}
        style={{ width: 240, marginBottom: 8 }}
      />
      <Button
        style={{ marginInlineStart: 8 }}
        onClick={() =>
          exportXlsx(
            'kpis',
            'kpis',
            [
              { header: 'id', value: (k: Kpi) => k.id },
              { header: '中文', value: (k: Kpi) => k.name_zh },
              { header: 'English', value: (k: Kpi) => k.name_en },
              { header: t('settings.unit'), value: (k: Kpi) => k.unit },
              { header: t('settings.direction'), value: (k: Kpi) => k.direction },
              { header: t('settings.perspective'), value: (k: Kpi) => k.perspective },
              { header: t('explain.formula'), value: (k: Kpi) => k.versions.at(-1)?.formula },
            ],
            rows,
          )
        }
      >
        {t('common.export')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        expandable={{
          expandedRowRender: (k) => (
            <Table
              size="small"
              rowKey="version"
              pagination={false}
              dataSource={k.versions}
              columns={[
                { title: t('explain.version'), dataIndex: 'version' },
                { title: t('explain.effective'), dataIndex: 'effective_from' },
                { title: t('explain.formula'), dataIndex: 'formula', render: (f: string) => <code>{f}</code> },
              ]}
            />
          ),
        }}
        columns={[
          { title: 'id', dataIndex: 'id', sorter: (a, b) => a.id.localeCompare(b.id) },
          { title: t('common.name'), key: 'name', render: (_v, k) => pick(k.name_zh, k.name_en) },
          { title: t('settings.unit'), dataIndex: 'unit' },
          {
            title: t('settings.direction'),
            dataIndex: 'direction',
            render: (d: string) => (d === 'higher' ? t('settings.higher') : t('settings.lower')),
          },
          {
            title: t('settings.stage'),
            dataIndex: 'stage',
            filters: [...new Set((kpis.data ?? []).map((k) => k.stage))].map((s) => ({ text: s, value: s })),
            onFilter: (v, k) => k.stage === v,
          },
          {
            title: t('settings.perspective'),
            dataIndex: 'perspective',
            render: (p: string) => t(`persp.${p}` as MessageKey),
          },
          {
            title: t('settings.versions'),
            key: 'versions',
            render: (_v, k) => <Tag>{k.versions.at(-1)?.version}</Tag>,
          },
        ]}
      />
    </PageState>
  );
}
