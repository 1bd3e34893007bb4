import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { ExplainProvider } from '../components/explain-drawer.js';
import { matchPath, useRouter } from '../router.js';
import { Shell } from './shell.js';

const DashboardPage = lazy(() => import('../pages/dashboard/index.js'));
const MyScorecardPage = lazy(() => import('../pages/scorecard/my.js'));
const ScorecardPage = lazy(() => import('../pages/scorecard/detail.js'));
const TeamPage = lazy(() => import('../pages/team/index.js'));
const TargetsPage = lazy(() => import('../pages/targets/index.js'));
const FeedbackPage = lazy(() => import('../pages/feedback.js'));
const ReviewsPage = lazy(() => import('../pages/reviews.js'));
const DataPage = lazy(() => import('../pages/data/index.js'));
const SettingsPage = lazy(() => import('../pages/settings/index.js'));
const NotFoundPage = lazy(() => import('../pages/not-found.js'));

function Page() {
  const { path } = useRouter();
  const card = matchPath('/scorecards/:id', path);
  if (card) return <ScorecardPage id={card.id as string} />;
  const review = matchPath('/reviews/:id', path);
  if (review) return <ReviewsPage id={review.id as string} />;
  switch (path) {
    case '/dashboard':
      return <DashboardPage />;
    case '/my':
      return <MyScorecardPage />;
    case '/team':
      return <TeamPage />;
    case '/targets':
      return <TargetsPage />;
    case '/feedback':
      return <FeedbackPage />;
    case '/reviews':
      return <ReviewsPage />;
    case '/data':
      return <DataPage />;
    case '/settings':
      return <SettingsPage />;
    default:
      return <NotFoundPage />;
  }
}

/** The app once logged in: layout, explain drawer and the current page (each page is its own chunk). */
export default function SignedIn() {
  return (
    <ExplainProvider>
      <Shell>
        <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
          <Page />
        </Suspense>
      </Shell>
    </ExplainProvider>
  );
}
