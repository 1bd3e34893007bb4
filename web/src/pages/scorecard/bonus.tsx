import { App, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { ApiError, api } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';

/** 创新加分: a manager adds capped extra points with a reason (POST /api/scorecards/{id}/bonus, audited). */
export function BonusPoints({ scorecardId, onSaved }: { scorecardId: string; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ points: number; reason: string }>();
  const add = async () => {
    const values = await form.validateFields();
    try {
      await api(`/scorecards/${scorecardId}/bonus`, { method: 'POST', body: values });
      message.success(t('sc.bonusAdded'));
      form.resetFields();
      onSaved();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Card size="small" title={t('sc.bonusItem')} data-testid="bonus-points">
      <Typography.Paragraph type="secondary">{t('sc.bonusHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" style={{ rowGap: 8 }}>
        <Form.Item name="points" rules={[{ required: true }]}>
          <InputNumber min={0.5} max={100} step={0.5} placeholder={t('sc.bonusPoints')} />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, whitespace: true }]} style={{ minWidth: 260, flex: 1 }}>
          <Input maxLength={1000} placeholder={t('common.reason')} />
        </Form.Item>
        <Space>
          <Button onClick={add}>{t('sc.bonusAdd')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
