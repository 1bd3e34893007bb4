import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import { lazy, Suspense } from 'react';
import { I18nProvider, useI18n } from './i18n/index.js';
import { LoginPage } from './pages/login.js';
import { RouterProvider } from './router.js';
import { SessionProvider, useSession } from './session.js';

// antd's locale files are ESM at run time but typed as CommonJS under NodeNext: take the default either way.
const unwrap = (m: unknown): Locale => ((m as { default?: Locale }).default ?? m) as Locale;
const enUS = unwrap(enUSModule);
const zhCN = unwrap(zhCNModule);

// The signed-in part (layout, menus, pages) is a separate chunk: the login page loads only what it shows.
const SignedIn = lazy(() => import('./layout/signed-in.js'));

function Root() {
  const { me, checking } = useSession();
  if (checking) return <Spin fullscreen />;
  if (!me) return <LoginPage />;
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <SignedIn />
    </Suspense>
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

/** The web app: language, router, session, then the login page or the signed-in shell with the current page. */
export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <Localised />
      </RouterProvider>
    </I18nProvider>
  );
}
