import { App, Button, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Page, Person } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

interface Account {
  id: string;
  username: string;
  role: string;
  person_id: string | null;
  display_name: string | null;
  disabled?: boolean;
  disabled_at?: string | null;
}

const ROLES = ['admin', 'manager', 'analyst', 'hr', 'member', 'viewer'];

/** Accounts and roles (admin): list, create, disable/enable. */
export function UsersSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const users = useApi(() => api<Page<Account>>('/users', { query: { page, page_size: 50 } }), [page]);
  const people = useApi(() => api<Person[]>('/people'), []);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      users.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const isDisabled = (u: Account) => Boolean(u.disabled ?? u.disabled_at);
  return (
    <PageState loading={users.loading} error={users.error} reload={users.reload}>
      <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 8 }}>
        {t('settings.addUser')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        dataSource={users.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 50,
          total: users.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('login.username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
          { title: t('common.name'), dataIndex: 'display_name' },
          {
            title: t('settings.role'),
            dataIndex: 'role',
            filters: ROLES.map((r) => ({ text: r, value: r })),
            onFilter: (v, u) => u.role === v,
            render: (r: string) => <Tag>{r}</Tag>,
          },
          { title: t('common.person'), dataIndex: 'person_id' },
          {
            title: t('common.status'),
            key: 'status',
            render: (_v, u) =>
              isDisabled(u) ? <Tag color="red">{t('settings.disabled')}</Tag> : <Tag color="green">OK</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_v, u) => (
              <Button
                size="small"
                onClick={() =>
                  act(() => api(`/users/${u.id}/disable`, { method: 'POST', body: { disabled: !isDisabled(u) } }))
                }
              >
                {isDisabled(u) ? t('settings.enable') : t('settings.disable')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('settings.addUser')}
        onCancel={() => setCreating(false)}
        onOk={async () => {
          const values = await form.validateFields();
          await act(() => api('/users', { method: 'POST', body: values }));
          setCreating(false);
          form.resetFields();
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ role: 'member' }}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password />
          </Form.Item>
          <Form.Item name="role" label={t('settings.role')}>
            <Select options={ROLES.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="person_id" label={t('common.person')}>
            <Select allowClear options={(people.data ?? []).map((p) => ({ value: p.person_id, label: p.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </PageState>
  );
}
