import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Card, Col, Progress, Row, Tag, Tooltip, Typography } from 'antd';
import type { DashboardTile, Kpi } from '../../api/types.js';
import { useExplain } from '../../components/explain-drawer.js';
import { formatShare, formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';

function Trend({ growth, direction }: { growth: number | null; direction: 'higher' | 'lower' }) {
  const { t } = useI18n();
  if (growth === null) return <Typography.Text type="secondary">{t('dash.vsPrevious')} —</Typography.Text>;
  const good = direction === 'higher' ? growth >= 0 : growth <= 0;
  const color = growth === 0 ? '#8c8c8c' : good ? '#389e0d' : '#cf1322';
  const Icon = growth > 0 ? ArrowUpOutlined : growth < 0 ? ArrowDownOutlined : MinusOutlined;
  return (
    <span style={{ color }} data-testid="tile-trend">
      {t('dash.vsPrevious')} <Icon /> {formatShare(Math.abs(growth))}
    </span>
  );
}

/** KPI tiles: value (click → explain), target, attainment, trend arrow vs the previous period. */
export function KpiTiles({
  tiles,
  kpis,
  period,
  scope,
}: {
  tiles: DashboardTile[];
  kpis: Map<string, Kpi>;
  period: string;
  scope: string;
}) {
  const { t, pick, quality } = useI18n();
  const explain = useExplain();
  return (
    <Row gutter={[16, 16]}>
      {tiles.map((tile) => {
        const direction = kpis.get(tile.kpi)?.direction ?? 'higher';
        const hasTarget = tile.target !== undefined && tile.target !== null;
        return (
          <Col key={tile.kpi} xs={12} sm={12} md={8} lg={6} xl={6}>
            <Card size="small" data-testid={`tile-${tile.kpi}`} styles={{ body: { minHeight: 132 } }}>
              <Typography.Text type="secondary">{pick(tile.name_zh, tile.name_en)}</Typography.Text>
              {tile.quality !== 'exact' && (
                <Tooltip title={tile.quality}>
                  <Tag color="orange" style={{ marginInlineStart: 6 }}>
                    {quality(tile.quality)}
                  </Tag>
                </Tooltip>
              )}
              <div>
                <Typography.Link
                  style={{ fontSize: 24, fontWeight: 600 }}
                  onClick={() => explain({ kpi: tile.kpi, period, scope })}
                  data-testid="tile-value"
                >
                  {formatValue(tile.value, tile.unit)}
                </Typography.Link>
              </div>
              <Trend growth={tile.growth} direction={direction} />
              <div style={{ marginTop: 4 }}>
                {hasTarget ? (
                  <>
                    <Typography.Text type="secondary">
                      {t('dash.target')} {formatValue(tile.target, tile.unit)} · {t('dash.attainment')}{' '}
                      {formatShare(tile.attainment)}
                    </Typography.Text>
                    <Progress
                      percent={Math.round(Math.min(1.2, Math.max(0, tile.attainment ?? 0)) * 100)}
                      size="small"
                      showInfo={false}
                      status={(tile.attainment ?? 0) >= 1 ? 'success' : 'active'}
                    />
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('dash.noTarget')}</Typography.Text>
                )}
              </div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
