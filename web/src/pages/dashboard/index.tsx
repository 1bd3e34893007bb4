import { Alert, Card, Col, Row, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import type { Dashboard, Kpi, Person } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { ChannelsCard } from './channels.js';
import { FunnelCard } from './funnel.js';
import { KpiTiles } from './tiles.js';
import { TrendCard } from './trend.js';

/** 经营看板: KPI tiles, funnel, channels and trends for the period and scope picked (channel, team, owner). */
export default function DashboardPage() {
  const { t } = useI18n();
  const { period } = useSession();
  const [channel, setChannel] = useState<string | undefined>();
  const [team, setTeam] = useState<string | undefined>();
  const [owner, setOwner] = useState<string | undefined>();
  const scope = [channel && `channel:${channel}`, team && `team:${team}`, owner && `owner:${owner}`]
    .filter(Boolean)
    .join(',');
  const dash = useApi(
    () => api<Dashboard>('/dashboard', { query: { period, scope } }),
    [period, scope],
    Boolean(period),
  );
  const kpis = useApi(() => api<Kpi[]>('/kpis'), []);
  const people = useApi(() => api<Person[]>('/people'), []);
  const kpiMap = useMemo(() => new Map((kpis.data ?? []).map((k) => [k.id, k])), [kpis.data]);
  // Channel choices: the channels of the unscoped dashboard seen so far (kept while a channel is picked).
  const [channelNames, setChannelNames] = useState<string[]>([]);
  const names = dash.data?.channels.map((c) => c.channel) ?? [];
  if (!channel && names.length && names.join() !== channelNames.join()) setChannelNames(names);
  const teams = [...new Set((people.data ?? []).map((p) => p.team).filter((x): x is string => Boolean(x)))];
  const data = dash.data;
  const empty = data?.tiles.every((tile) => tile.value === null || tile.value === 0);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Card size="small">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0, marginInlineEnd: 16 }}>
            {t('dash.title')} · {period}
          </Typography.Title>
          <Select
            allowClear
            placeholder={t('dash.channel')}
            style={{ width: 150 }}
            value={channel}
            onChange={setChannel}
            options={channelNames.map((c) => ({ value: c, label: c }))}
            data-testid="pick-channel"
          />
          <Select
            allowClear
            placeholder={t('dash.team')}
            style={{ width: 150 }}
            value={team}
            onChange={setTeam}
            options={teams.map((x) => ({ value: x, label: x }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('dash.owner')}
            style={{ width: 150 }}
            value={owner}
            onChange={setOwner}
            options={(people.data ?? []).map((p) => ({ value: p.person_id, label: p.name }))}
          />
          <Typography.Text type="secondary">{t('dash.clickHint')}</Typography.Text>
        </Space>
      </Card>
      <PageState loading={dash.loading} error={dash.error} reload={dash.reload}>
        {data && (
          <>
            {empty && <Alert type="info" showIcon message={t('dash.empty')} />}
            <KpiTiles tiles={data.tiles} kpis={kpiMap} period={period} scope={scope} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={9}>
                <FunnelCard funnel={data.funnel} period={period} scope={scope} />
              </Col>
              <Col xs={24} lg={15}>
                {data.channels.length ? (
                  <ChannelsCard channels={data.channels} period={period} scope={scope} />
                ) : (
                  <Card title={t('dash.channels')} size="small">
                    <EmptyHint text={t('dash.empty')} />
                  </Card>
                )}
              </Col>
            </Row>
            <TrendCard trend={data.trend} tiles={data.tiles} />
          </>
        )}
      </PageState>
    </Space>
  );
}
