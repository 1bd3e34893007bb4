import { Alert, App, Button, Card, DatePicker, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { ItemTarget, Scorecard, ScorecardItem, Template, Warning } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

type EditItem = ScorecardItem;

const EMPTY_TARGET: ItemTarget = { value: null, baseline: null, data_source: null, deadline: null, owner: null };

/**
 * The stored item for PUT /scorecards/{id}/items. Older servers rendered `rule` as text only: then the rule object
 * and the qualitative `source` come from the card's template (null = the scoring engine's default).
 */
function toStored(item: EditItem, template: Template | undefined) {
  const fromTemplate = template?.items.find((t) => (t.id ?? t.kpi) === item.id);
  return {
    id: item.id,
    kpi: item.kpi,
    name_zh: item.name_zh,
    name_en: item.name_en,
    kind: item.kind,
    weight: item.weight,
    rule: typeof item.rule === 'object' && item.rule ? item.rule : (fromTemplate?.rule ?? null),
    source: item.kind === 'qualitative' ? (item.source ?? fromTemplate?.source ?? null) : null,
    version: item.version ?? null,
    manual_actual: item.manual_actual ?? null,
    scope: item.scope,
    target: item.kind === 'quantitative' ? { ...EMPTY_TARGET, ...item.target } : null,
    rolls_up_to: item.rolls_up_to ?? null,
    joint: item.joint ?? null,
  };
}

/** Edits one scorecard's weights and SMART targets, shows the live weight total and lint warnings, approves. */
export function TargetEditor({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, pick, lang } = useI18n();
  const { message } = App.useApp();
  const card = useApi(() => api<Scorecard>(`/scorecards/${id}`), [id]);
  const template = useApi(
    () => api<Template>(`/templates/${card.data?.template_id}`),
    [card.data?.template_id],
    Boolean(card.data?.template_id),
  );
  const [items, setItems] = useState<EditItem[]>([]);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (card.data) {
      setItems(card.data.items as EditItem[]);
      setWarnings(card.data.warnings);
    }
  }, [card.data]);
  const total = Math.round(items.reduce((sum, i) => sum + (i.weight || 0), 0) * 100) / 100;
  const update = (index: number, patch: Partial<EditItem>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const updateTarget = (index: number, patch: Partial<ItemTarget>) =>
    setItems((list) =>
      list.map((item, i) => (i === index ? { ...item, target: { ...EMPTY_TARGET, ...item.target, ...patch } } : item)),
    );
  const run = async (fn: () => Promise<Scorecard & { warnings?: Warning[] }>, done: string) => {
    setBusy(true);
    try {
      const result = await fn();
      setWarnings(result.warnings ?? []);
      message.success(done);
      card.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () =>
        api(`/scorecards/${id}/items`, {
          method: 'PUT',
          body: { items: items.map((i) => toStored(i, template.data)) },
        }),
      t('common.saved'),
    );
  const approve = () => run(() => api(`/scorecards/${id}/approve`, { method: 'POST' }), t('targets.approved'));
  const data = card.data;
  return (
    <PageState loading={card.loading} error={card.error} reload={card.reload}>
      {data && (
        <Card
          size="small"
          data-testid="target-editor"
          title={
            <Space wrap>
              {data.person_name ?? data.subject_id} · {data.period}
              <Tag>{data.status}</Tag>
              <span data-testid="weight-total">
                {t('targets.weightTotal')}: <Tag color={total === 100 ? 'green' : 'red'}>{total}</Tag>
              </span>
            </Space>
          }
          extra={
            <Space>
              <Button onClick={save} loading={busy} disabled={total !== 100} data-testid="save-targets">
                {t('targets.save')}
              </Button>
              <Button
                type="primary"
                onClick={approve}
                loading={busy}
                disabled={data.status === 'approved'}
                data-testid="approve-targets"
              >
                {t('targets.approve')}
              </Button>
            </Space>
          }
        >
          {total !== 100 && (
            <Alert type="error" showIcon message={t('targets.weightBad')} style={{ marginBottom: 8 }} />
          )}
          {warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('targets.lint')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="lint-warnings">
                  {warnings.map((w) => (
                    <li key={`${w.code}-${w.item ?? ''}`}>{lang === 'en' ? w.message_en : w.message_zh}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={items}
            scroll={{ x: 1000 }}
            columns={[
              {
                title: t('sc.item'),
                key: 'name',
                fixed: 'left',
                render: (_v, i) => pick(i.name_zh, i.name_en) || i.kpi,
              },
              {
                title: t('sc.weight'),
                key: 'weight',
                render: (_v, i, index) => (
                  <InputNumber
                    size="small"
                    min={0}
                    max={100}
                    value={i.weight}
                    onChange={(v) => update(index, { weight: v ?? 0 })}
                  />
                ),
              },
              {
                title: t('sc.target'),
                key: 'target',
                render: (_v, i, index) =>
                  i.kind === 'quantitative' ? (
                    <InputNumber
                      size="small"
                      value={i.target?.value ?? null}
                      onChange={(v) => updateTarget(index, { value: v })}
                      data-testid={`target-value-${i.id}`}
                    />
                  ) : (
                    <Typography.Text type="secondary">1–5</Typography.Text>
                  ),
              },
              {
                title: t('targets.baseline'),
                key: 'baseline',
                render: (_v, i, index) =>
                  i.kind === 'quantitative' && (
                    <InputNumber
                      size="small"
                      value={i.target?.baseline ?? null}
                      onChange={(v) => updateTarget(index, { baseline: v })}
                    />
                  ),
              },
              {
                title: t('targets.dataSource'),
                key: 'source',
                render: (_v, i, index) =>
                  i.kind === 'quantitative' && (
                    <Input
                      size="small"
                      style={{ width: 120 }}
                      value={i.target?.data_source ?? ''}
                      onChange={(e) => updateTarget(index, { data_source: e.target.value || null })}
                    />
                  ),
              },
              {
                title: t('targets.deadline'),
                key: 'deadline',
                render: (_v, i, index) =>
                  i.kind === 'quantitative' && (
                    <DatePicker
                      size="small"
                      value={i.target?.deadline ? dayjs(i.target.deadline) : null}
                      onChange={(d) => updateTarget(index, { deadline: d ? d.format('YYYY-MM-DD') : null })}
                    />
                  ),
              },
              {
                title: t('targets.owner'),
                key: 'owner',
                render: (_v, i, index) =>
                  i.kind === 'quantitative' && (
                    <Input
                      size="small"
                      style={{ width: 80 }}
                      value={i.target?.owner ?? ''}
                      onChange={(e) => updateTarget(index, { owner: e.target.value || null })}
                    />
                  ),
              },
            ]}
          />
        </Card>
      )}
    </PageState>
  );
}
