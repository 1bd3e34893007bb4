import { Button, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { api } from '../../api/client.js';
import type { FeedbackRequest, ScorecardSummary } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useRouter } from '../../router.js';
import { useSession } from '../../session.js';
import { loadScorecard } from './load.js';
import { SelfReportEditor } from './self-report.js';
import { ScorecardView } from './view.js';

/** 我的考核: the caller's own scorecard of the period, the self-report editor and feedback forms to fill. */
export default function MyScorecardPage() {
  const { t } = useI18n();
  const { me, period } = useSession();
  const { navigate } = useRouter();
  const personId = me?.person_id ?? null;
  const list = useApi(
    () => api<ScorecardSummary[]>('/scorecards', { query: { period } }),
    [period],
    Boolean(period && personId),
  );
  const own = list.data?.find((s) => s.subject_type === 'person' && s.person_id === personId);
  const card = useApi(() => loadScorecard(own?.id as string), [own?.id], Boolean(own));
  const requests = useApi(() => api<FeedbackRequest[]>('/feedback/requests', { query: { period } }), [period]);
  const open = (requests.data ?? []).filter((r) => !r.submitted);

  if (!personId) return <EmptyHint text={t('sc.noPerson')} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('sc.title')} · {period}
      </Typography.Title>
      <PageState loading={list.loading || card.loading} error={list.error ?? card.error} reload={card.reload}>
        {list.data && !own && <EmptyHint text={t('sc.none')} />}
        {card.data && <ScorecardView card={card.data.card} units={card.data.units} />}
      </PageState>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {own && <SelfReportEditor scorecardId={own.id} editable={card.data?.card.period_status !== 'locked'} />}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('sc.feedbackToGive')} data-testid="feedback-to-give">
            <List
              size="small"
              locale={{ emptyText: t('sc.noFeedbackToGive') }}
              dataSource={open}
              renderItem={(r) => (
                <List.Item
                  actions={[
                    <Button key="go" size="small" onClick={() => navigate(`/feedback?request=${r.id}`)}>
                      {t('sc.fill')}
                    </Button>,
                  ]}
                >
                  {r.subject_name} <Tag>{t(`fb.rel.${r.relation}` as MessageKey)}</Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
