import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Progress, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api, readRowErrors } from '../../api/client.js';
import type { ImportError, ImportJob, ImportResult } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { useI18n } from '../../i18n/index.js';
import { FALLBACK_FORMATS, formatOptions, type ImportFormat, readHeader, rowErrorsOf } from './formats.js';

type Outcome =
  | { kind: 'result'; result: ImportResult }
  | { kind: 'error'; message: string; errors: ImportError[]; errorCount: number };

/** Upload an export: format, column mapping, dry run, import with progress, errors by row and column. */
export function UploadCard({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [format, setFormat] = useState<string>('leads');
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  const [mapping, setMapping] = useState<{ target: string; source?: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const served = useApi(() => api<ImportFormat[]>('/imports/formats'), []);
  const formats = served.data?.length ? served.data : FALLBACK_FORMATS;

  const pollJob = async (jobId: string): Promise<ImportResult> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const job = await api<ImportJob>(`/imports/jobs/${jobId}`);
      const total = job.progress.totalBytes || 1;
      setProgress(Math.round((job.progress.bytes / total) * 100));
      if (job.status === 'done' && job.result) return job.result;
      if (job.status === 'failed') {
        const failure = job.error;
        throw new ApiError(
          422,
          failure?.code ?? 'failed',
          failure?.message ?? 'failed',
          undefined,
          readRowErrors(failure?.errors),
          failure?.error_count,
        );
      }
    }
  };

  const send = async (dryRun: boolean) => {
    if (!file) {
      message.warning(t('data.pickFile'));
      return;
    }
    setBusy(true);
    setOutcome(null);
    setProgress(null);
    const form = new FormData();
    form.set('format', format);
    form.set('dry_run', dryRun ? 'true' : 'false');
    const map = mapping.filter((m) => m.target.trim() && m.source).map((m) => `${m.target.trim()}=${m.source}`);
    if (map.length) form.set('map', map.join(','));
    form.set('file', file, file.name);
    try {
      const answer = await api<ImportResult | { job_id: string }>('/imports', { method: 'POST', form });
      const result = 'job_id' in answer ? await pollJob(answer.job_id) : answer;
      setOutcome({ kind: 'result', result });
      if (!dryRun) onImported();
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e);
      const errors = e instanceof ApiError ? rowErrorsOf(e) : rowErrorsOf({ message: text });
      const errorCount = e instanceof ApiError && e.errorCount !== undefined ? e.errorCount : errors.length;
      setOutcome({ kind: 'error', message: text, errors, errorCount });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const errorTable = (errors: ImportError[]) => (
    <Table
      size="small"
      rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
      pagination={false}
      dataSource={errors}
      data-testid="import-errors"
      columns={[
        { title: t('data.row'), dataIndex: 'row', width: 70 },
        { title: t('data.column'), dataIndex: 'column', width: 140 },
        { title: t('data.message'), dataIndex: 'message' },
      ]}
    />
  );

  return (
    <Card size="small" title={t('data.upload')} data-testid="upload-card">
      <Form layout="vertical">
        <Form.Item label={t('data.format')} extra={formats.find((f) => f.id === format)?.columns?.join(', ')}>
          <Select
            value={format}
            onChange={setFormat}
            data-testid="import-format"
            loading={served.loading}
            options={formatOptions(formats, lang, { source: t('data.sourceFormats'), table: t('data.tableFormats') })}
          />
        </Form.Item>
        <Form.Item label={t('data.file')}>
          <Upload
            maxCount={1}
            accept=".csv,.tsv,.txt,.xlsx,.jsonl,.json"
            beforeUpload={(f) => {
              setFile(f);
              setOutcome(null);
              readHeader(f).then(setHeader, () => setHeader([]));
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setHeader([]);
            }}
          >
            <Button icon={<UploadOutlined />}>{t('data.file')}</Button>
          </Upload>
        </Form.Item>
        {header.length > 0 && (
          <Form.Item label={t('data.mapping')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {mapping.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and only appended
                <Space.Compact key={i} style={{ width: '100%' }}>
                  <Input
                    placeholder="target (e.g. created_at)"
                    value={m.target}
                    onChange={(e) =>
                      setMapping((list) => list.map((x, j) => (j === i ? { ...x, target: e.target.value } : x)))
                    }
                  />
                  <Select
                    style={{ minWidth: 160 }}
                    placeholder={t('data.fileHeader')}
                    value={m.source}
                    onChange={(v) => setMapping((list) => list.map((x, j) => (j === i ? { ...x, source: v } : x)))}
                    options={header.map((h) => ({ value: h, label: h }))}
                  />
                  <Button onClick={() => setMapping((list) => list.filter((_x, j) => j !== i))}>×</Button>
                </Space.Compact>
              ))}
              <Button size="small" onClick={() => setMapping((list) => [...list, { target: '' }])}>
                {t('data.addMapping')}
              </Button>
            </Space>
          </Form.Item>
        )}
        <Space>
          <Button onClick={() => send(true)} loading={busy} data-testid="import-dry-run">
            {t('data.dryRun')}
          </Button>
          <Button type="primary" onClick={() => send(false)} loading={busy} data-testid="import-run">
            {t('data.import')}
          </Button>
        </Space>
      </Form>
      {busy && (
        <div style={{ marginTop: 12 }}>
          {t('data.progress')}… <Progress percent={progress ?? 0} status="active" showInfo={progress !== null} />
        </div>
      )}
      {outcome?.kind === 'error' && (
        <div style={{ marginTop: 12 }} data-testid="import-outcome">
          <Alert
            type="error"
            showIcon
            message={
              outcome.errorCount > outcome.errors.length
                ? `${t('data.errors')} (${outcome.errors.length} / ${outcome.errorCount})`
                : t('data.errors')
            }
            description={outcome.message}
            style={{ marginBottom: 8 }}
          />
          {outcome.errors.length > 0 && errorTable(outcome.errors)}
        </div>
      )}
      {outcome?.kind === 'result' && (
        <div style={{ marginTop: 12 }} data-testid="import-outcome">
          <Alert
            type={outcome.result.errorCount ? 'warning' : 'success'}
            showIcon
            message={outcome.result.dryRun ? t('data.ok') : t('data.imported')}
            style={{ marginBottom: 8 }}
          />
          <Descriptions size="small" column={{ xs: 2, md: 5 }} bordered>
            <Descriptions.Item label={t('data.rows')}>{outcome.result.rowsRead}</Descriptions.Item>
            <Descriptions.Item label={t('data.inserted')}>{outcome.result.inserted}</Descriptions.Item>
            <Descriptions.Item label={t('data.updated')}>{outcome.result.updated}</Descriptions.Item>
            <Descriptions.Item label={t('data.skipped')}>{outcome.result.skipped}</Descriptions.Item>
            <Descriptions.Item label={t('data.rejected')}>{outcome.result.rejected}</Descriptions.Item>
          </Descriptions>
          {outcome.result.errors.length > 0 && errorTable(outcome.result.errors)}
          {outcome.result.warnings.map((w) => (
            <Alert key={w} type="warning" message={w} style={{ marginTop: 6 }} />
          ))}
        </div>
      )}
    </Card>
  );
}
