import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { Logo } from '../components/logo.js';
import { useI18n } from '../i18n/index.js';
import { homeFor } from '../nav.js';
import { useRouter } from '../router.js';
import { useSession } from '../session.js';

/** The login page (username + password); goes back to the page asked for, or the role's home page. */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useSession();
  const { path, navigate } = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const me = await login(values.username, values.password);
      const back = path !== '/login' && path !== '/' ? path : homeFor(me.role, Boolean(me.person_id));
      navigate(back + (path === back ? window.location.search : ''), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          <Logo text={t('appName')} /> <Typography.Text type="secondary">Yardstick</Typography.Text>
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('appSubtitle')}</Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('login.hint')} ·{' '}
          <Typography.Link onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('header.language')}
          </Typography.Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
