import { Alert, App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { TokenList } from './token-list.js';

const SCOPES = ['import', 'collect', 'read', 'admin'];

/** Admin actions on one account: set a new password; list, create (shown once) and revoke API tokens. */
export function UserActions({ user }: { user: { id: string; username: string } }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'password' | 'token' | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [created, setCreated] = useState(0);
  const [form] = Form.useForm();
  const close = () => {
    setDialog(null);
    setToken(null);
    form.resetFields();
  };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      if (dialog === 'password') {
        await api(`/users/${user.id}/password`, { method: 'POST', body: { password: values.password } });
        message.success(t('settings.passwordSet'));
        close();
      } else {
        const created = await api<{ token: string }>(`/users/${user.id}/tokens`, {
          method: 'POST',
          body: { scopes: (values.scopes as string[]).join(','), ...(values.name ? { name: values.name } : {}) },
        });
        setToken(created.token);
        setCreated((n) => n + 1);
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setDialog('password')}>
        {t('settings.resetPassword')}
      </Button>
      <Button size="small" onClick={() => setDialog('token')} data-testid={`token-${user.username}`}>
        {t('settings.token')}
      </Button>
      <Modal
        open={dialog !== null}
        title={`${dialog === 'password' ? t('settings.resetPassword') : t('settings.token')} · ${user.username}`}
        onCancel={close}
        onOk={token ? close : submit}
        okText={token ? t('common.back') : dialog === 'token' ? t('settings.tokenCreate') : t('common.save')}
      >
        {token ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon message={t('settings.tokenOnce')} />
            <Typography.Paragraph copyable code data-testid="token-value">
              {token}
            </Typography.Paragraph>
          </Space>
        ) : (
          <Form form={form} layout="vertical" initialValues={{ scopes: ['import'] }}>
            {dialog === 'password' ? (
              <Form.Item name="password" label={t('settings.newPassword')} rules={[{ required: true, min: 8 }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            ) : (
              <>
                <TokenList userId={user.id} version={created} />
                <Form.Item name="scopes" label={t('settings.tokenScopes')} rules={[{ required: true }]}>
                  <Select mode="multiple" options={SCOPES.map((s) => ({ value: s, label: s }))} />
                </Form.Item>
                <Form.Item name="name" label={t('settings.tokenName')}>
                  <Input maxLength={100} />
                </Form.Item>
              </>
            )}
          </Form>
        )}
      </Modal>
    </>
  );
}
