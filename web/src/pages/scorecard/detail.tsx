import { Button, Space, Typography } from 'antd';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { useRouter } from '../../router.js';
import { useSession } from '../../session.js';
import { ManagerAssessment } from './assessment.js';
import { BonusPoints } from './bonus.js';
import { loadScorecard } from './load.js';
import { SelfReportEditor } from './self-report.js';
import { ScorecardView } from './view.js';

/** One scorecard by id (/scorecards/:id); the API answers 403 when the caller may not see it. */
export default function ScorecardPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { me, hasRole } = useSession();
  const { navigate } = useRouter();
  const card = useApi(() => loadScorecard(id), [id]);
  const data = card.data?.card;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Button onClick={() => window.history.back()}>{t('common.back')}</Button>
        {data && (
          <Typography.Title level={4} style={{ margin: 0 }}>
            {data.person_name ?? data.subject_id} · {data.period}
          </Typography.Title>
        )}
        {data && <Button onClick={() => navigate(`/reviews/${data.id}`)}>{t('nav.reviews')}</Button>}
      </Space>
      <PageState loading={card.loading} error={card.error} reload={card.reload}>
        {card.data && <ScorecardView card={card.data.card} units={card.data.units} />}
        {data && hasRole('admin', 'manager') && data.person_id !== me?.person_id && data.period_status !== 'locked' && (
          <>
            <ManagerAssessment card={data} onSaved={card.reload} />
            <BonusPoints scorecardId={data.id} onSaved={card.reload} />
          </>
        )}
        {data?.subject_type === 'person' && (
          <SelfReportEditor
            scorecardId={data.id}
            editable={data.person_id === me?.person_id && data.period_status !== 'locked'}
          />
        )}
      </PageState>
    </Space>
  );
}
