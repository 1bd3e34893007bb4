import { Alert, App, Button, Card, Col, Descriptions, Input, Row, Space, Table } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { formatShare } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';

interface WorkflowSettings {
  bands?: { band: string; min: number }[] | Record<string, number>;
  guidance: { max_share: Record<string, number>; min_share: Record<string, number> };
  incentive: {
    base: string;
    coefficients: Record<string, string>;
    commissions: { kpi: string; rate: string; cap?: string }[];
  };
  bonus_cap: number;
  [key: string]: unknown;
}

/** Rating bands, calibration guidance and incentive rules; HR/admin edit them as JSON (validated by the API). */
export function RulesSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const settings = useApi(() => api<WorkflowSettings>('/workflow/settings'), []);
  const [draft, setDraft] = useState<string | null>(null);
  const data = settings.data;
  const save = async () => {
    try {
      await api('/workflow/settings', { method: 'PUT', body: JSON.parse(draft ?? '{}') });
      message.success(t('common.saved'));
      setDraft(null);
      settings.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <PageState loading={settings.loading} error={settings.error} reload={settings.reload}>
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card size="small" title={t('settings.bands')}>
              <Descriptions size="small" column={1}>
                {data.bands && (
                  <Descriptions.Item label={t('settings.bands')}>
                    <code>{JSON.stringify(data.bands)}</code>
                  </Descriptions.Item>
                )}
                {!data.bands && (
                  <Descriptions.Item label={t('settings.bands')}>{t('settings.bandsMissing')}</Descriptions.Item>
                )}
                <Descriptions.Item label={t('team.guidance')}>
                  {Object.entries(data.guidance.max_share)
                    .map(([b, s]) => `${b} ≤ ${formatShare(s)}`)
                    .join('，') || '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('sc.bonusPoints')}>≤ {data.bonus_cap}</Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small" title={t('settings.incentives')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="base">¥{data.incentive.base}</Descriptions.Item>
                <Descriptions.Item label="coefficients">
                  {Object.entries(data.incentive.coefficients)
                    .map(([b, c]) => `${b}×${c}`)
                    .join('  ')}
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="kpi"
                pagination={false}
                dataSource={data.incentive.commissions}
                columns={[
                  { title: 'KPI', dataIndex: 'kpi' },
                  { title: 'rate', dataIndex: 'rate' },
                  { title: 'cap', dataIndex: 'cap' },
                ]}
              />
            </Card>
          </Col>
          {hasRole('admin', 'hr') && (
            <Col span={24}>
              {draft === null ? (
                <Button onClick={() => setDraft(JSON.stringify(data, null, 2))}>{t('settings.editJson')}</Button>
              ) : (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Alert type="info" message={t('settings.editJson')} />
                  <Input.TextArea
                    rows={14}
                    value={draft}
                    onChange={(e) => setDraft(e.target.value)}
                    style={{ fontFamily: 'monospace' }}
                  />
                  <Space>
                    <Button type="primary" onClick={save}>
                      {t('common.save')}
                    </Button>
                    <Button onClick={() => setDraft(null)}>{t('common.cancel')}</Button>
                  </Space>
                </Space>
              )}
            </Col>
          )}
        </Row>
      )}
    </PageState>
  );
}
