import { Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ScorecardSummary } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { BalancedScorecardView } from './bsc.js';
import { CalibrationView } from './calibration.js';
import { IncentivesView } from './incentives.js';
import { JointKpisView } from './joint.js';
import { ScorecardTable } from './list.js';
import { PeriodWorkflow } from './period-workflow.js';

/** 团队考核: scorecards table, calibration (rating distribution), balanced-scorecard comparison, joint KPIs. */
export default function TeamPage() {
  const { t } = useI18n();
  const { period, periods } = useSession();
  const status = periods.find((p) => p.id === period)?.status ?? '';
  const [team, setTeam] = useState<string | undefined>();
  const all = useApi(() => api<ScorecardSummary[]>('/scorecards', { query: { period } }), [period], Boolean(period));
  const teams = [...new Set((all.data ?? []).map((c) => c.team).filter((x): x is string => Boolean(x)))];
  const cards = (all.data ?? []).filter((c) => !team || c.team === team);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('team.title')} · {period}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('common.team')}
          style={{ width: 160 }}
          value={team}
          onChange={setTeam}
          options={teams.map((x) => ({ value: x, label: x }))}
        />
      </Space>
      <PeriodWorkflow onChanged={all.reload} />
      <PageState loading={all.loading} error={all.error} reload={all.reload}>
        {!all.data ? null : !all.data.length ? (
          <EmptyHint text={t('team.empty')} />
        ) : (
          <Tabs
            items={[
              { key: 'list', label: t('team.list'), children: <ScorecardTable cards={cards} period={period} /> },
              {
                key: 'calibration',
                label: t('team.calibration'),
                children: <CalibrationView key={status} period={period} team={team} />,
              },
              { key: 'bsc', label: t('team.bsc'), children: <BalancedScorecardView key={team ?? ''} cards={cards} /> },
              { key: 'joint', label: t('joint.title'), children: <JointKpisView cards={cards} /> },
              {
                key: 'incentives',
                label: t('team.incentives'),
                children: <IncentivesView key={status} period={period} team={team} />,
              },
            ]}
          />
        )}
      </PageState>
    </Space>
  );
}
