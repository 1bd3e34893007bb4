import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Calibration } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { EChart } from '../../components/echart.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { PageState } from '../../components/page-state.js';
import { formatNumber, formatShare } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { BandTag } from '../scorecard/view.js';

const BANDS = ['S', 'A', 'B', 'C', 'D'];

/** Calibration: rating distribution chart vs guidance, people with computed/final band, band adjustments. */
export function CalibrationView({ period, team }: { period: string; team?: string | undefined }) {
  const { t, lang } = useI18n();
  const { me, hasRole } = useSession();
  // Managers calibrate their reports, not themselves; HR and admins anyone.
  const canAdjustOwn = hasRole('admin', 'hr');
  const { message } = App.useApp();
  const view = useApi(() => api<Calibration>('/calibration', { query: { period, team } }), [period, team]);
  const [editing, setEditing] = useState<Calibration['people'][number] | null>(null);
  const [form] = Form.useForm<{ band: string; reason: string }>();
  const data = view.data;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      xAxis: { type: 'category', data: BANDS },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('team.distribution'),
          data: BANDS.map((b) => data?.distribution[b] ?? 0),
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [data, t],
  );
  const save = async () => {
    const values = await form.validateFields();
    try {
      await api('/calibration/adjust', { method: 'POST', body: { scorecard_id: editing?.scorecard_id, ...values } });
      setEditing(null);
      view.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <PageState loading={view.loading} error={view.error} reload={view.reload}>
      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('team.distribution')}>
              <EChart option={option} height={240} testId="calibration-chart" />
              <Typography.Paragraph data-testid="calibration-distribution" style={{ marginBottom: 4 }}>
                {BANDS.map((b) => `${b} ${data.distribution[b] ?? 0}`).join(' · ')}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('team.guidance')}:{' '}
                {Object.entries(data.guidance.max_share)
                  .map(([b, s]) => `${b} ≤ ${formatShare(s)}`)
                  .concat(Object.entries(data.guidance.min_share).map(([b, s]) => `${b} ≥ ${formatShare(s)}`))
                  .join('，') || '—'}
              </Typography.Text>
              {data.warnings.map((w) => (
                <Alert
                  key={typeof w === 'string' ? w : `${w.code}${w.message_zh}`}
                  type="warning"
                  style={{ marginTop: 8 }}
                  message={typeof w === 'string' ? w : lang === 'en' ? w.message_en : w.message_zh}
                />
              ))}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {data.period_status !== 'calibration' && data.period_status !== 'locked' && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 8 }}
                message={t('team.adjustOnlyInCalibration')}
                data-testid="calibration-closed"
              />
            )}
            <Button
              size="small"
              style={{ marginBottom: 8 }}
              data-testid="calibration-export"
              onClick={() =>
                exportXlsx(
                  `calibration-${period}`,
                  period,
                  [
                    { header: t('common.person'), value: (r: Calibration['people'][number]) => r.person_name },
                    { header: t('common.team'), value: (r: Calibration['people'][number]) => r.team },
                    { header: t('common.total'), value: (r: Calibration['people'][number]) => r.total },
                    { header: t('team.computedBand'), value: (r: Calibration['people'][number]) => r.computed_band },
                    { header: t('common.band'), value: (r: Calibration['people'][number]) => r.band },
                    { header: t('common.reason'), value: (r: Calibration['people'][number]) => r.override_reason },
                  ],
                  data.people,
                )
              }
            >
              {t('common.export')}
            </Button>
            <Table
              size="small"
              rowKey="scorecard_id"
              data-testid="calibration-table"
              dataSource={data.people}
              pagination={false}
              columns={[
                {
                  title: t('common.person'),
                  dataIndex: 'person_name',
                  sorter: (a, b) => String(a.person_name).localeCompare(String(b.person_name), 'zh-CN'),
                },
                {
                  title: t('common.team'),
                  dataIndex: 'team',
                  filters: [...new Set(data.people.map((p) => p.team).filter(Boolean))].map((v) => ({
                    text: String(v),
                    value: String(v),
                  })),
                  onFilter: (v, p) => p.team === v,
                },
                {
                  title: t('common.total'),
                  dataIndex: 'total',
                  align: 'right',
                  sorter: (a, b) => (a.total ?? 0) - (b.total ?? 0),
                  render: (v: number | null) => formatNumber(v),
                },
                {
                  title: t('team.computedBand'),
                  dataIndex: 'computed_band',
                  render: (b: string) => <BandTag band={b} />,
                },
                {
                  title: t('common.band'),
                  dataIndex: 'band',
                  filters: BANDS.map((b) => ({ text: b, value: b })),
                  onFilter: (v, p) => p.band === v,
                  render: (b: string, row) => (
                    <span>
                      <BandTag band={b} />
                      {row.override_reason && <Typography.Text type="secondary">{row.override_reason}</Typography.Text>}
                    </span>
                  ),
                },
                {
                  title: t('common.actions'),
                  key: 'adjust',
                  render: (_v, row) =>
                    data.period_status !== 'calibration' ||
                    (row.person_id === me?.person_id && !canAdjustOwn) ? null : (
                      <Typography.Link
                        data-testid={`calibration-adjust-${row.scorecard_id}`}
                        onClick={() => {
                          form.setFieldsValue({ band: row.band ?? 'B', reason: '' });
                          setEditing(row);
                        }}
                      >
                        {t('team.adjust')}
                      </Typography.Link>
                    ),
                },
              ]}
            />
          </Col>
          <Modal
            open={Boolean(editing)}
            title={`${t('team.adjust')} · ${editing?.person_name ?? ''}`}
            onOk={save}
            onCancel={() => setEditing(null)}
          >
            <Form form={form} layout="vertical">
              <Form.Item name="band" label={t('common.band')} rules={[{ required: true }]}>
                <Select data-testid="adjust-band" options={BANDS.map((b) => ({ value: b, label: b }))} />
              </Form.Item>
              <Form.Item name="reason" label={t('common.reason')} rules={[{ required: true }]}>
                <Input.TextArea rows={3} data-testid="adjust-reason" />
              </Form.Item>
            </Form>
          </Modal>
        </Row>
      )}
    </PageState>
  );
}
