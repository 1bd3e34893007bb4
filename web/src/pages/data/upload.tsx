import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Progress, Select, Space, Spin, Table, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, apiUrl, readRowErrors } from '../../api/client.js';
import type { ImportError, ImportJob, ImportPreview, ImportResult } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { FALLBACK_FORMATS, formatOptions, type ImportFormat, previewSample, rowErrorsOf } from './formats.js';
import { PreviewTable } from './preview.js';

type Outcome =
  | { kind: 'result'; result: ImportResult }
  | { kind: 'error'; message: string; errors: ImportError[]; errorCount: number };

/**
 * Percent done of a job: its estimated fraction where the server gives one (large events files, which are read
 * whole before they are derived and written), else bytes for streamed files, else unknown (null).
 */
function percentOf(job: Pick<ImportJob, 'progress'>): number | null {
  if (job.progress.fraction !== undefined) return Math.min(99, Math.round(job.progress.fraction * 100));
  return job.progress.totalBytes > 0 && job.progress.bytes > 0
    ? Math.min(99, Math.round((job.progress.bytes / job.progress.totalBytes) * 100))
    : null;
}

/** Upload an export: format, server preview with column mapping, dry run, import with progress, row/column errors. */
export function UploadCard({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [format, setFormat] = useState<string>('leads');
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<{ target?: string; source?: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{
    percent: number | null;
    rows: number;
    phase?: ImportJob['progress']['phase'];
  } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const served = useApi(() => api<ImportFormat[]>('/imports/formats'), []);
  const formats = served.data?.length ? served.data : FALLBACK_FORMATS;
  const chosen = formats.find((f) => f.id === format);
  const targets = (chosen?.columns ?? []).map((c) => c.replace(/\*$/, ''));
  const mapText = mapping
    .filter((m) => m.target && m.source)
    .map((m) => `${m.target}=${m.source}`)
    .join(',');

  const [preview, setPreview] = useState<{ data?: ImportPreview; error?: string; loading: boolean } | null>(null);
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    let live = true;
    setPreview((p) => ({ ...p, loading: true }));
    previewSample(file)
      .then((sample) => {
        const form = new FormData();
        form.set('format', format);
        if (mapText) form.set('map', mapText);
        form.set('file', sample, file.name);
        return api<ImportPreview>('/imports/preview', { method: 'POST', form });
      })
      .then(
        (data) => live && setPreview({ data, loading: false }),
        (e: unknown) => live && setPreview({ error: e instanceof Error ? e.message : String(e), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [file, format, mapText]);

  const pollJob = async (jobId: string, token: string | null): Promise<ImportResult> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      // Live progress answers from server memory (no cookie, so no session lookup waits behind the import).
      const live = token
        ? await fetch(apiUrl(`/imports/jobs/${jobId}/progress`, { token }), { credentials: 'omit' })
            .then((r) => (r.ok ? (r.json() as Promise<Pick<ImportJob, 'status' | 'progress'>>) : null))
            .catch(() => null)
        : null;
      if (live?.status === 'running') {
        setProgress({ percent: percentOf(live), rows: live.progress.rows, phase: live.progress.phase });
        continue;
      }
      const job = await api<ImportJob>(`/imports/jobs/${jobId}`);
      setProgress({ percent: percentOf(job), rows: job.progress.rows, phase: job.progress.phase });
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
    if (mapText) form.set('map', mapText);
    form.set('file', file, file.name);
    try {
      const answer = await api<ImportResult | { job_id: string; progress_token?: string | null }>('/imports', {
        method: 'POST',
        form,
      });
      const result = 'job_id' in answer ? await pollJob(answer.job_id, answer.progress_token ?? null) : answer;
      setOutcome({ kind: 'result', result });
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e);
      const errors = e instanceof ApiError ? rowErrorsOf(e) : rowErrorsOf({ message: text });
      const errorCount = e instanceof ApiError && e.errorCount !== undefined ? e.errorCount : errors.length;
      setOutcome({ kind: 'error', message: text, errors, errorCount });
    } finally {
      setBusy(false);
      setProgress(null);
      // Refresh the job list and the history (a dry run is a job too).
      onImported();
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
        { title: t('data.row'), dataIndex: 'row', width: 70, sorter: (a, b) => a.row - b.row },
        { title: t('data.column'), dataIndex: 'column', width: 140 },
        { title: t('data.message'), dataIndex: 'message' },
      ]}
    />
  );

  const header = preview?.data?.header ?? [];
  return (
    <Card size="small" title={t('data.upload')} data-testid="upload-card">
      {me?.role === 'member' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="member-import-hint"
          message={t('data.memberHint', { person: me.person_id ?? '—' })}
        />
      )}
      <Form layout="vertical">
        <Form.Item label={t('data.format')} extra={chosen?.columns?.join(', ')}>
          <Select
            value={format}
            onChange={(v) => {
              setFormat(v);
              setMapping([]);
            }}
            data-testid="import-format"
            showSearch
            optionFilterProp="label"
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
              setMapping([]);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('data.file')}</Button>
          </Upload>
        </Form.Item>
        {preview?.loading && !preview.data && <Spin tip={t('data.previewing')} style={{ display: 'block' }} />}
        {preview?.error && <Alert type="error" showIcon message={preview.error} style={{ marginBottom: 12 }} />}
        {preview?.data && (
          <Form.Item>
            <PreviewTable preview={preview.data} />
          </Form.Item>
        )}
        {header.length > 0 && chosen?.kind !== 'source' && (
          <Form.Item label={t('data.mapping')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {mapping.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and only appended
                <Space.Compact key={i} style={{ width: '100%' }}>
                  <Select
                    style={{ minWidth: 160 }}
                    placeholder={t('data.targetColumn')}
                    value={m.target}
                    showSearch
                    data-testid={`map-target-${i}`}
                    onChange={(v) => setMapping((list) => list.map((x, j) => (j === i ? { ...x, target: v } : x)))}
                    options={targets.map((c) => ({ value: c, label: c }))}
                  />
                  <Select
                    style={{ minWidth: 160 }}
                    placeholder={t('data.fileHeader')}
                    value={m.source}
                    data-testid={`map-source-${i}`}
                    onChange={(v) => setMapping((list) => list.map((x, j) => (j === i ? { ...x, source: v } : x)))}
                    options={header.filter((h) => h.trim()).map((h) => ({ value: h, label: h }))}
                  />
                  <Button onClick={() => setMapping((list) => list.filter((_x, j) => j !== i))}>×</Button>
                </Space.Compact>
              ))}
              <Button size="small" onClick={() => setMapping((list) => [...list, {}])}>
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
        <div style={{ marginTop: 12 }} data-testid="import-progress">
          {t('data.progress')}… {progress?.phase ? `${t(`data.phase.${progress.phase}`)} · ` : ''}
          {progress ? `${t('data.rows')} ${progress.rows}` : ''}
          <Progress percent={progress?.percent ?? 0} status="active" showInfo={progress?.percent != null} />
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
