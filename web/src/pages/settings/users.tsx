import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Page, Person } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';
import { UserActions } from './user-actions.js';

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

/** Accounts and roles (admin): list (search, sort, filter, export), create, disable/enable. */
export function UsersSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const users = useApi(() => api<Page<Account>>('/users', { query: { page, page_size: 50 } }), [page]);
  const people = useApi(() => api<Person[]>('/people'), []);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const act = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      users.reload();
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
      }
      return false;
    }
  };
  const isDisabled = (u: Account) => Boolean(u.disabled ?? u.disabled_at);
  const needle = search.trim().toLowerCase();
  const rows = (users.data?.items ?? []).filter(
    (u) =>
      !needle ||
      u.username.toLowerCase().includes(needle) ||
      (u.display_name ?? '').toLowerCase().includes(needle) ||
      (u.person_id ?? '').toLowerCase().includes(needle),
  );
  return (
    <PageState loading={users.loading} error={users.error} reload={users.reload}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="add-user">
          {t('settings.addUser')}
        </Button>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
          style={{ width: 200 }}
          data-testid="user-search"
        />
        <Button
          onClick={() =>
            exportXlsx(
              'users',
              'users',
              [
                { header: t('login.username'), value: (u: Account) => u.username },
                { header: t('common.name'), value: (u: Account) => u.display_name },
                { header: t('settings.role'), value: (u: Account) => u.role },
                { header: t('common.person'), value: (u: Account) => u.person_id },
                { header: t('common.status'), value: (u: Account) => (isDisabled(u) ? 'disabled' : 'active') },
              ],
              rows,
            )
          }
        >
          {t('common.export')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        data-testid="users-table"
        dataSource={rows}
        scroll={{ x: 640 }}
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
            sorter: (a, b) => a.role.localeCompare(b.role),
            render: (r: string, u) => (
              <Select
                size="small"
                value={r}
                style={{ width: 110 }}
                data-testid={`role-${u.username}`}
                options={ROLES.map((x) => ({ value: x, label: x }))}
                onChange={(role: string) =>
                  act(async () => {
                    await api(`/users/${u.id}`, { method: 'PATCH', body: { role } });
                    message.success(t('settings.roleChanged'));
                  })
                }
              />
            ),
          },
          { title: t('common.person'), dataIndex: 'person_id' },
          {
            title: t('common.status'),
            key: 'status',
            filters: [
              { text: t('settings.disabled'), value: 'disabled' },
              { text: 'OK', value: 'ok' },
            ],
            onFilter: (v, u) => (v === 'disabled') === isDisabled(u),
            render: (_v, u) =>
              isDisabled(u) ? <Tag color="red">{t('settings.disabled')}</Tag> : <Tag color="green">OK</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_v, u) => (
              <Space size={4} wrap>
                <Button
                  size="small"
                  data-testid={`toggle-user-${u.username}`}
                  onClick={() =>
                    act(() => api(`/users/${u.id}/disable`, { method: 'POST', body: { disabled: !isDisabled(u) } }))
                  }
                >
                  {isDisabled(u) ? t('settings.enable') : t('settings.disable')}
                </Button>
                <UserActions user={u} />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('settings.addUser')}
        onCancel={() => setCreating(false)}
        okButtonProps={{ 'data-testid': 'user-create-ok' } as Record<string, string>}
        onOk={async () => {
          const values = await form.validateFields();
          // Keep the dialog (and what was typed) open when the server refuses, e.g. a member without a person.
          if (await act(() => api('/users', { method: 'POST', body: values }))) {
            setCreating(false);
            form.resetFields();
          }
        }}
      >
        <Form form={form} layout="vertical" initialValues={{ role: 'member' }} data-testid="user-form">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, min: 2 }]}>
            <Input data-testid="user-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password data-testid="user-password" />
          </Form.Item>
          <Form.Item name="role" label={t('settings.role')}>
            <Select data-testid="user-role" options={ROLES.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="person_id" label={t('common.person')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="user-person"
              options={(people.data ?? []).map((p) => ({ value: p.person_id, label: `${p.name} (${p.person_id})` }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </PageState>
  );
}
