import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

interface SelfReport {
  content: string;
  attachments: { name: string; url: string }[];
  updated_at?: string | null;
}

/** The self-report (述职) editor: a small rich-text box; the server sanitises the HTML. */
export function SelfReportEditor({ scorecardId, editable }: { scorecardId: string; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const box = useRef<HTMLDivElement>(null);
  const [saving, setSaving] = useState(false);
  const report = useApi(() => api<SelfReport | null>(`/scorecards/${scorecardId}/self-report`), [scorecardId]);
  useEffect(() => {
    // The server returns sanitised HTML (src/app/scorecards/sanitize-html.ts), so it is shown as is.
    if (box.current) box.current.innerHTML = report.data?.content ?? '';
  }, [report.data]);
  const command = (name: string) => {
    box.current?.focus();
    document.execCommand(name);
  };
  const save = async () => {
    setSaving(true);
    try {
      await api(`/scorecards/${scorecardId}/self-report`, {
        method: 'PUT',
        body: { content: box.current?.innerHTML ?? '', attachments: report.data?.attachments ?? [] },
      });
      message.success(t('common.saved'));
      report.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('sc.selfReport')} data-testid="self-report">
      <PageState error={report.error} reload={report.reload}>
        <Typography.Paragraph type="secondary">{t('sc.selfReportHint')}</Typography.Paragraph>
        {editable && (
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" icon={<BoldOutlined />} onClick={() => command('bold')} />
            <Button size="small" icon={<ItalicOutlined />} onClick={() => command('italic')} />
            <Button size="small" icon={<UnorderedListOutlined />} onClick={() => command('insertUnorderedList')} />
            <Button size="small" icon={<OrderedListOutlined />} onClick={() => command('insertOrderedList')} />
          </Space>
        )}
        <div
          ref={box}
          contentEditable={editable}
          suppressContentEditableWarning
          style={{ minHeight: 120, border: '1px solid #d9d9d9', borderRadius: 6, padding: 8, background: '#fff' }}
        />
        {editable && (
          <Button type="primary" style={{ marginTop: 8 }} loading={saving} onClick={save}>
            {t('common.save')}
          </Button>
        )}
      </PageState>
    </Card>
  );
}
