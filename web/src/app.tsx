import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { lazy, Suspense } from 'react';
import { ExplainProvider } from './components/explain-drawer.js';
import { I18nProvider, useI18n } from './i18n/index.js';
import { Shell } from './layout/shell.js';
import { LoginPage } from './pages/login.js';
import { matchPath, RouterProvider, useRouter } from './router.js';
import { SessionProvider, useSession } from './session.js';

// antd's locale files are ESM at run time but typed as CommonJS under NodeNext: take the default either way.
const unwrap = (m: unknown): Locale => ((m as { default?: Locale }).default ?? m) as Locale;
const enUS = unwrap(enUSModule);
const zhCN = unwrap(zhCNModule);

const DashboardPage = lazy(() => import('./pages/dashboard/index.js'));
const MyScorecardPage = lazy(() => import('./pages/scorecard/my.js'));
const ScorecardPage = lazy(() => import('./pages/scorecard/detail.js'));
const TeamPage = lazy(() => import('./pages/team/index.js'));
const TargetsPage = lazy(() => import('./pages/targets/index.js'));
const FeedbackPage = lazy(() => import('./pages/feedback.js'));
const ReviewsPage = lazy(() => import('./pages/reviews.js'));
const DataPage = lazy(() => import('./pages/data/index.js'));
const SettingsPage = lazy(() => import('./pages/settings/index.js'));
const NotFoundPage = lazy(() => import('./pages/not-found.js'));

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

function Root() {
  const { me, checking } = useSession();
  if (checking) return <Spin fullscreen />;
  if (!me) return <LoginPage />;
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

function Localised() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <SessionProvider>
          <Root />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** The web app: language, router, session, then the login page or the shell with the current page. */
export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <Localised />
      </RouterProvider>
    </I18nProvider>
  );
}
