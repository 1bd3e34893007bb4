import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  List,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Scorecard, ScorecardItem } from '../../api/types.js';
import { useExplain } from '../../components/explain-drawer.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { formatNumber, formatPercent100, formatValue } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

const BAND_COLORS: Record<string, string> = { S: 'gold', A: 'green', B: 'blue', C: 'orange', D: 'red' };

/** A rating band as a coloured tag. */
export function BandTag({ band }: { band: string | null | undefined }) {
  return band ? <Tag color={BAND_COLORS[band] ?? 'default'}>{band}</Tag> : <Tag>—</Tag>;
}

function Pace({ item }: { item: ScorecardItem }) {
  const { t } = useI18n();
  if (!item.pace) return <Typography.Text type="secondary">—</Typography.Text>;
  const ratio = item.pace.pace ?? 0;
  return (
    <Tooltip
      title={`${t('sc.target')} ${formatNumber(item.pace.expected)} @ ${Math.round(item.pace.elapsed_share * 100)}%`}
    >
      <div style={{ minWidth: 110 }}>
        <Progress
          size="small"
          percent={Math.round(Math.min(ratio, 1.5) * 66.7)}
          showInfo={false}
          status={item.pace.on_track ? 'success' : 'exception'}
        />
        <Typography.Text type={item.pace.on_track ? 'success' : 'danger'} style={{ fontSize: 12 }}>
          {item.pace.on_track ? t('sc.onTrack') : t('sc.behind')} ({formatNumber(ratio)})
        </Typography.Text>
      </div>
    </Tooltip>
  );
}

/** A scorecard: summary (total, band, bonus estimate), items with targets/actuals/points/pace, notes. */
export function ScorecardView({ card, units }: { card: Scorecard; units: Map<string, string> }) {
  const { t, pick, lang, quality } = useI18n();
  const explain = useExplain();
  const itemName = (i: ScorecardItem) => pick(i.name_zh, i.name_en) || i.kpi;
  const unitOf = (i: ScorecardItem) => units.get(i.kpi) ?? 'count';
  const exportItems = () =>
    exportXlsx(
      `scorecard-${card.person_name ?? card.subject_id}-${card.period}`,
      card.period,
      [
        { header: t('sc.item'), value: (i: ScorecardItem) => itemName(i) },
        { header: t('sc.kind'), value: (i: ScorecardItem) => i.kind },
        { header: t('sc.weight'), value: (i: ScorecardItem) => i.weight },
        { header: t('sc.target'), value: (i: ScorecardItem) => i.target?.value ?? null },
        { header: t('sc.actual'), value: (i: ScorecardItem) => i.actual },
        { header: t('sc.achievement'), value: (i: ScorecardItem) => i.achievement },
        { header: t('sc.points'), value: (i: ScorecardItem) => i.points },
        { header: t('sc.contribution'), value: (i: ScorecardItem) => i.contribution },
      ],
      card.items,
    );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="scorecard">
      <Card size="small">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic
              title={t('common.total')}
              value={card.total ?? '—'}
              precision={card.total === null ? undefined : 2}
            />
          </Col>
          <Col xs={12} md={4}>
            <div style={{ color: 'rgba(0,0,0,.45)' }}>{t('common.band')}</div>
            <div style={{ fontSize: 28 }} data-testid="scorecard-band">
              <BandTag band={card.band} />
            </div>
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('sc.quantScore')} value={card.quantitative ?? '—'} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('sc.qualScore')} value={card.qualitative ?? '—'} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('sc.bonusPoints')} value={card.bonus} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('sc.bonusEstimate')} value={card.incentive?.total_yuan ?? '—'} prefix="¥" />
          </Col>
        </Row>
        <Descriptions size="small" style={{ marginTop: 12 }} column={{ xs: 1, sm: 2, md: 4 }}>
          <Descriptions.Item label={t('common.person')}>{card.person_name ?? card.subject_id}</Descriptions.Item>
          <Descriptions.Item label={t('common.team')}>{card.team ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.period')}>
            {card.period} <Tag>{card.period_status}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            {t(`sc.status.${card.status}` as MessageKey) ?? card.status}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('sc.item')}
        extra={
          <Button size="small" onClick={exportItems}>
            {t('common.export')}
          </Button>
        }
      >
        <Table
          size="small"
          rowKey="id"
          dataSource={card.items}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="scorecard-items"
          columns={[
            {
              title: t('sc.item'),
              key: 'name',
              fixed: 'left',
              render: (_v, i) => (
                <span>
                  {itemName(i)}
                  {i.quality && i.quality !== 'exact' && (
                    <Tooltip title={i.reason}>
                      <Tag color="orange" style={{ marginInlineStart: 4 }}>
                        {quality(i.quality)}
                      </Tag>
                    </Tooltip>
                  )}
                </span>
              ),
            },
            {
              title: t('sc.kind'),
              dataIndex: 'kind',
              filters: [
                { text: t('sc.quantitative'), value: 'quantitative' },
                { text: t('sc.qualitative'), value: 'qualitative' },
              ],
              onFilter: (v, i) => i.kind === v,
              render: (k: string) => (k === 'quantitative' ? t('sc.quantitative') : t('sc.qualitative')),
            },
            { title: t('sc.weight'), dataIndex: 'weight', align: 'right', sorter: (a, b) => a.weight - b.weight },
            {
              title: t('sc.target'),
              key: 'target',
              align: 'right',
              render: (_v, i) => (i.kind === 'quantitative' ? formatValue(i.target?.value, unitOf(i)) : '—'),
            },
            {
              title: t('sc.actual'),
              dataIndex: 'actual',
              align: 'right',
              render: (v: number | null, i) =>
                i.kind === 'quantitative' ? (
                  <Typography.Link
                    onClick={() =>
                      explain({
                        kpi: i.kpi,
                        period: card.period,
                        scope: Object.entries(i.scope)
                          .map(([k, x]) => `${k}:${x}`)
                          .join(','),
                      })
                    }
                  >
                    {formatValue(v, unitOf(i))}
                  </Typography.Link>
                ) : (
                  formatNumber(v)
                ),
            },
            {
              title: t('sc.achievement'),
              dataIndex: 'achievement',
              align: 'right',
              sorter: (a, b) => (a.achievement ?? -1e9) - (b.achievement ?? -1e9),
              render: (v: number | null) => formatPercent100(v),
            },
            {
              title: t('sc.points'),
              dataIndex: 'points',
              align: 'right',
              render: (v: number | null) => formatNumber(v),
            },
            {
              title: t('sc.contribution'),
              dataIndex: 'contribution',
              align: 'right',
              render: (v: number | null) => formatNumber(v),
            },
            { title: t('sc.pace'), key: 'pace', render: (_v, i) => <Pace item={i} /> },
            {
              title: t('sc.rule'),
              key: 'rule',
              responsive: ['lg'],
              render: (_v, i) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.rule_text ?? (typeof i.rule === 'string' ? i.rule : '—')}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {(card.recommendations.length > 0 || card.warnings.length > 0) && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card size="small" title={t('sc.recommendations')}>
              <List
                size="small"
                dataSource={card.recommendations}
                renderItem={(r) => <List.Item>{lang === 'en' ? r.message_en : r.message_zh}</List.Item>}
              />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small" title={t('sc.warnings')}>
              {card.warnings.map((w) => (
                <Alert
                  key={`${w.code}-${w.item ?? ''}`}
                  type="warning"
                  message={lang === 'en' ? w.message_en : w.message_zh}
                  style={{ marginBottom: 6 }}
                />
              ))}
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
