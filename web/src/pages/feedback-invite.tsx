import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api/client.js';
import type { Person } from '../api/types.js';
import { type MessageKey, useI18n } from '../i18n/index.js';

const RELATIONS = ['peer', 'manager', 'report', 'cross_dept'] as const;

/** 发起 360° 反馈: a manager/HR picks the person reviewed and the reviewers with their relation. */
export function FeedbackInvite({ people, period }: { people: Person[]; period: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [subject, setSubject] = useState<string | undefined>();
  const [reviewers, setReviewers] = useState<{ person_id?: string; relation: (typeof RELATIONS)[number] }[]>([
    { relation: 'peer' },
  ]);
  const [busy, setBusy] = useState(false);
  const options = people.map((p) => ({ value: p.person_id, label: `${p.name} (${p.person_id})` }));
  const chosen = reviewers.filter((r): r is { person_id: string; relation: (typeof RELATIONS)[number] } =>
    Boolean(r.person_id),
  );
  const send = async () => {
    setBusy(true);
    try {
      await api('/feedback/requests', {
        method: 'POST',
        body: { period, subject_person_id: subject, reviewers: chosen },
      });
      message.success(t('fb.invited', { count: chosen.length }));
      setReviewers([{ relation: 'peer' }]);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={`${t('fb.invite')} · ${period}`} data-testid="feedback-invite">
      <Typography.Paragraph type="secondary">{t('fb.inviteHint')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('fb.subject')}
          style={{ width: '100%' }}
          value={subject}
          onChange={setSubject}
          options={options}
        />
        {reviewers.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and only appended/removed
          <Space.Compact key={i} style={{ width: '100%' }}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('fb.reviewer')}
              style={{ flex: 1 }}
              value={r.person_id}
              onChange={(v) => setReviewers((list) => list.map((x, j) => (j === i ? { ...x, person_id: v } : x)))}
              options={options.filter((o) => o.value !== subject)}
            />
            <Select
              style={{ width: 110 }}
              value={r.relation}
              onChange={(v) => setReviewers((list) => list.map((x, j) => (j === i ? { ...x, relation: v } : x)))}
              options={RELATIONS.map((x) => ({ value: x, label: t(`fb.rel.${x}` as MessageKey) }))}
            />
            <Button onClick={() => setReviewers((list) => list.filter((_x, j) => j !== i))}>×</Button>
          </Space.Compact>
        ))}
        <Space>
          <Button size="small" onClick={() => setReviewers((list) => [...list, { relation: 'peer' }])}>
            {t('fb.addReviewer')}
          </Button>
          <Button type="primary" size="small" disabled={!subject || !chosen.length} loading={busy} onClick={send}>
            {t('fb.send')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
