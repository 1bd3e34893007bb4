import { Button, Dropdown, Grid, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Logo } from '../components/logo.js';
import { useI18n } from '../i18n/index.js';
import { navFor } from '../nav.js';
import { useRouter } from '../router.js';
import { useSession } from '../session.js';

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  targets_approved: 'cyan',
  in_progress: 'blue',
  review: 'orange',
  calibration: 'purple',
  locked: 'red',
};

/** Ant Design Pro style layout: side menu, header with period picker, language switch and user menu. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { me, periods, period, setPeriod, logout } = useSession();
  const { path, navigate } = useRouter();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  if (!me) return null;
  const items = navFor(me.role, Boolean(me.person_id));
  const selected = items.find((i) => path === i.path || path.startsWith(`${i.path}/`))?.path ?? '';
  const menu = (
    <Menu
      mode={narrow ? 'horizontal' : 'inline'}
      theme={narrow ? 'light' : 'dark'}
      selectedKeys={[selected]}
      items={items.map((i) => ({ key: i.path, label: t(i.label) }))}
      onClick={(e) => navigate(e.key)}
      data-testid="side-menu"
      style={narrow ? { minWidth: 0, flex: 1 } : undefined}
    />
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={200}>
          <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600 }}>
            <Logo text={t('appName')} color="#fff" />
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            height: 'auto',
            minHeight: 56,
            lineHeight: '56px',
            flexWrap: 'wrap',
          }}
        >
          {narrow && (
            <strong>
              <Logo text={t('appName')} />
            </strong>
          )}
          <Space size="small">
            <Typography.Text type="secondary">{t('header.period')}</Typography.Text>
            <Select
              data-testid="period-picker"
              value={period || undefined}
              style={{ width: 200 }}
              onChange={setPeriod}
              options={periods.map((p) => ({
                value: p.id,
                label: (
                  <span>
                    {p.id}{' '}
                    <Tag color={STATUS_COLORS[p.status]} style={{ marginInlineStart: 4 }}>
                      {p.status}
                    </Tag>
                  </span>
                ),
              }))}
            />
          </Space>
          <div style={{ flex: 1 }} />
          <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
            {t('header.language')}
          </Button>
          <Dropdown
            menu={{
              items: [{ key: 'logout', label: t('header.logout') }],
              onClick: async () => {
                await logout();
                navigate('/login', { replace: true });
              },
            }}
          >
            <Button type="text" data-testid="user-menu">
              {me.name ?? me.username} <Tag style={{ marginInlineStart: 6 }}>{me.role}</Tag>
            </Button>
          </Dropdown>
        </Layout.Header>
        {narrow && <div style={{ background: '#fff', overflowX: 'auto' }}>{menu}</div>}
        <Layout.Content style={{ padding: narrow ? 8 : 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
