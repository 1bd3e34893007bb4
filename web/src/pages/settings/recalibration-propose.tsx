import { App, Form, Input, InputNumber, Modal, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Kpi, Scorecard, ScorecardSummary, Template } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

/** The version key the API takes: a date (YYYY-MM-DD). */
const versionDate = (v: { version: string; effective_from: string }) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v.version) ? v.version : v.effective_from.slice(0, 10);

interface WeightRow {
  id: string;
  kpi: string;
  name: string;
  weight: number;
}

/** The items of the period's first person scorecard made from the template (null when it has none yet). */
async function currentItems(period: string, templateId: string, en: boolean): Promise<WeightRow[] | null> {
  const cards = await api<ScorecardSummary[]>('/scorecards', { query: { period } });
  for (const c of cards.filter((x) => x.subject_type === 'person')) {
    const card = await api<Scorecard>(`/scorecards/${c.id}`);
    if (card.template_id === templateId) {
      return card.items.map((i) => ({
        id: i.id,
        kpi: i.kpi,
        name: (en ? i.name_en : i.name_zh) ?? i.kpi,
        weight: i.weight,
      }));
    }
  }
  return null;
}

/** Dialog to propose next quarter's weights / KPI definition versions for one template (POST /recalibrations). */
export function ProposeRecalibration({ open, onClose }: { open: boolean; onClose: (created: boolean) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { periods, period } = useSession();
  const templates = useApi(() => api<Template[]>('/templates'), [], open);
  const kpis = useApi(() => api<Kpi[]>('/kpis'), [], open);
  const [form] = Form.useForm();
  const [templateId, setTemplateId] = useState<string>();
  const [weights, setWeights] = useState<Record<string, number>>({});
  const [versions, setVersions] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const chosenPeriod: string = Form.useWatch('period', form) ?? period;
  const template = templates.data?.find((x) => x.id === templateId);
  // Start from the weights the period's scorecards have (demo data may have dropped items), else the template's.
  const current = useApi(
    () => currentItems(chosenPeriod, templateId ?? '', lang === 'en'),
    [chosenPeriod, templateId, lang],
    open && Boolean(templateId && chosenPeriod),
  );
  const base: WeightRow[] =
    current.data ??
    (template?.items ?? []).map((i) => {
      const id = i.id ?? i.kpi ?? '';
      return { id, kpi: i.kpi ?? '', name: (lang === 'en' ? i.name_en : i.name_zh) ?? id, weight: i.weight };
    });
  const rows = base.map((r) => ({ ...r, weight: weights[r.id] ?? r.weight }));
  const total = Math.round(rows.reduce((a, r) => a + r.weight, 0) * 100) / 100;
  const kpiOf = (id: string) => kpis.data?.find((k) => k.id === id);
  const pickTemplate = (id: string) => {
    setTemplateId(id);
    setWeights({});
    setVersions({});
  };
  const submit = async () => {
    const values = await form.validateFields();
    const changed = Object.fromEntries(
      rows.filter((r) => base.find((b) => b.id === r.id)?.weight !== r.weight).map((r) => [r.id, r.weight]),
    );
    setSaving(true);
    try {
      await api('/recalibrations', {
        method: 'POST',
        body: {
          period: values.period,
          template_id: values.template_id,
          reason: values.reason,
          weights: changed,
          kpi_versions: versions,
        },
      });
      message.success(t('recal.created'));
      form.resetFields();
      pickTemplate('');
      onClose(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
      }
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      width={760}
      title={t('recal.propose')}
      onCancel={() => onClose(false)}
      onOk={submit}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'recal-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" initialValues={{ period }} data-testid="recal-form">
        <Form.Item name="period" label={t('common.period')} rules={[{ required: true }]}>
          <Select
            data-testid="recal-period"
            options={periods.map((p) => ({ value: p.id, label: `${p.id} (${p.status})` }))}
          />
        </Form.Item>
        <Form.Item
          name="template_id"
          label={t('recal.template')}
          rules={[{ required: true, message: t('recal.needTemplate') }]}
        >
          <Select
            data-testid="recal-template"
            loading={templates.loading}
            onChange={pickTemplate}
            options={(templates.data ?? []).map((x) => ({ value: x.id, label: lang === 'en' ? x.name_en : x.name_zh }))}
          />
        </Form.Item>
        {template && !current.loading && (
          <>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={rows}
              data-testid="recal-weights"
              columns={[
                { title: t('recal.item'), dataIndex: 'name' },
                {
                  title: t('recal.weight'),
                  dataIndex: 'weight',
                  render: (w: number, r) => (
                    <InputNumber
                      min={0}
                      max={100}
                      value={w}
                      data-testid={`recal-weight-${r.id}`}
                      onChange={(v) => setWeights((s) => ({ ...s, [r.id]: Number(v ?? 0) }))}
                    />
                  ),
                },
                {
                  title: t('recal.version'),
                  key: 'version',
                  render: (_v, r) => {
                    const k = kpiOf(r.kpi);
                    if (!k || k.versions.length < 2) return t('common.none');
                    return (
                      <Select
                        allowClear
                        style={{ width: 150 }}
                        placeholder={t('recal.keepVersion')}
                        value={versions[r.kpi]}
                        onChange={(v?: string) =>
                          setVersions((s) => {
                            const next = { ...s };
                            if (v) next[r.kpi] = v;
                            else delete next[r.kpi];
                            return next;
                          })
                        }
                        options={k.versions.map((v) => ({
                          value: versionDate(v),
                          label: `${v.version} · ${v.effective_from}`,
                        }))}
                      />
                    );
                  },
                },
              ]}
            />
            <Typography.Text type={total === 100 ? 'success' : 'danger'} data-testid="recal-total">
              {t('recal.total')}: {total}
              {total !== 100 ? ` · ${t('recal.totalHint')}` : ''}
            </Typography.Text>
          </>
        )}
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, message: t('recal.needReason') }]}
          style={{ marginTop: 12 }}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="recal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
