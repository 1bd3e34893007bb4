import { App, Button, Card, Form, Input, Rate, Typography } from 'antd';
import { ApiError, api } from '../../api/client.js';
import type { Scorecard } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';

/** The qualitative items a manager scores (360° items come from the feedback average instead). */
export function managerItems(card: Scorecard) {
  return card.items.filter(
    (i) =>
      i.kind === 'qualitative' &&
      (i.source ?? (i.kpi === 'feedback_360' ? 'feedback_360' : 'manager')) !== 'feedback_360',
  );
}

/** 上级评价: the manager scores the qualitative items 1–5 with a comment (POST …/manager-assessment). */
export function ManagerAssessment({ card, onSaved }: { card: Scorecard; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ scores: Record<string, number>; comment?: string }>();
  const items = managerItems(card);
  if (!items.length) return null;
  const save = async () => {
    const values = await form.validateFields();
    const scores = Object.fromEntries(Object.entries(values.scores ?? {}).filter(([, v]) => Number(v) >= 1));
    try {
      await api(`/scorecards/${card.id}/manager-assessment`, {
        method: 'POST',
        body: values.comment ? { scores, comment: values.comment } : { scores },
      });
      message.success(t('sc.assessmentSaved'));
      onSaved();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Card size="small" title={t('sc.assessment')} data-testid="manager-assessment">
      <Typography.Paragraph type="secondary">{t('sc.assessmentHint')}</Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ flex: '160px' }}>
        {items.map((item) => (
          <Form.Item
            key={item.id}
            name={['scores', item.id]}
            label={(lang === 'en' ? item.name_en : item.name_zh) ?? item.kpi}
            rules={[{ required: true, type: 'number', min: 1, max: 5 }]}
          >
            <Rate data-testid={`assess-${item.id}`} />
          </Form.Item>
        ))}
        <Form.Item name="comment" label={t('common.comment')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Button type="primary" onClick={save} data-testid="assessment-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
