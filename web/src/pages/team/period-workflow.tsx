import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Steps } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Period } from '../../api/types.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

/** The period workflow of DESIGN.md, in order. */
export const PERIOD_STEPS = ['draft', 'targets_approved', 'in_progress', 'review', 'calibration', 'locked'] as const;

/**
 * Where the selected period stands in draft → … → locked; managers and admins move it on one step (audited),
 * admins reopen it to an earlier step with a reason.
 */
export function PeriodWorkflow({ onChanged }: { onChanged?: (status: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { period, periods, reloadPeriods, hasRole } = useSession();
  const current = periods.find((p) => p.id === period);
  const [reopening, setReopening] = useState(false);
  const [form] = Form.useForm<{ to: string; reason: string }>();
  if (!current) return null;
  const at = PERIOD_STEPS.indexOf(current.status as (typeof PERIOD_STEPS)[number]);
  const next = at >= 0 ? PERIOD_STEPS[at + 1] : undefined;
  const label = (s: string) => t(`period.status.${s}` as MessageKey);
  const move = async (to: string, reason?: string): Promise<boolean> => {
    try {
      const after = await api<Period>(`/periods/${current.id}/transition`, {
        method: 'POST',
        body: reason ? { to, reason } : { to },
      });
      await reloadPeriods();
      message.success(t('period.advanced', { status: label(after.status) }));
      onChanged?.(after.status);
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      return false;
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="period-workflow">
      <Steps
        size="small"
        current={at}
        items={PERIOD_STEPS.map((s) => ({ title: label(s) }))}
        data-testid="period-steps"
      />
      <Space wrap>
        {next && hasRole('admin', 'manager') && (
          <Popconfirm
            title={t('period.advanceConfirm', { period: current.id, status: label(next) })}
            onConfirm={() => move(next)}
          >
            <Button size="small" type="primary" data-testid="period-advance">
              {t('period.advance', { status: label(next) })}
            </Button>
          </Popconfirm>
        )}
        {at > 0 && hasRole('admin') && (
          <Button size="small" data-testid="period-reopen" onClick={() => setReopening(true)}>
            {t('period.reopen')}
          </Button>
        )}
      </Space>
      <Modal
        open={reopening}
        title={`${t('period.reopen')} · ${current.id}`}
        onCancel={() => setReopening(false)}
        onOk={async () => {
          const values = await form.validateFields();
          if (await move(values.to, values.reason)) {
            setReopening(false);
            form.resetFields();
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ to: PERIOD_STEPS[Math.max(0, at - 1)] }}>
          <Form.Item name="to" label={t('period.reopenTo')} rules={[{ required: true }]}>
            <Select options={PERIOD_STEPS.slice(0, Math.max(0, at)).map((s) => ({ value: s, label: label(s) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('period.reopenReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} data-testid="period-reopen-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
