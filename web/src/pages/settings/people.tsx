import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Person } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { exportXlsx } from '../../components/export-xlsx.js';
import { EmptyHint, PageState } from '../../components/page-state.js';
import { useI18n } from '../../i18n/index.js';

const text = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', 'zh-CN');

/** 组织与人员 (admin/HR): list people, edit team, manager, title and active through PATCH /people/:id (audited). */
export function PeopleSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const people = useApi(() => api<Person[]>('/people'), []);
  const [editing, setEditing] = useState<Person | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();
  const all = people.data ?? [];
  const nameOf = (id: string | null) => (id ? (all.find((p) => p.person_id === id)?.name ?? id) : '—');
  const needle = search.trim().toLowerCase();
  const rows = all.filter(
    (p) =>
      !needle ||
      [p.name, p.person_id, p.team, p.title, p.department].some((v) => (v ?? '').toLowerCase().includes(needle)),
  );
  const open = (p: Person) => {
    setEditing(p);
    form.setFieldsValue({ team: p.team, title: p.title, manager_id: p.manager_id, active: p.active });
  };
  const save = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    const body = {
      team: v.team?.trim() || null,
      title: v.title?.trim() || null,
      manager_id: v.manager_id ?? null,
      active: Boolean(v.active),
    };
    try {
      await api(`/people/${editing.person_id}`, { method: 'PATCH', body });
      message.success(t('common.saved'));
      setEditing(null);
      people.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
      }
    }
  };
  const teams = [...new Set(all.map((p) => p.team).filter((x): x is string => Boolean(x)))];
  return (
    <PageState loading={people.loading} error={people.error} reload={people.reload}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
          style={{ width: 220 }}
          data-testid="people-search"
        />
        <Button
          disabled={!rows.length}
          onClick={() =>
            exportXlsx(
              'people',
              'people',
              [
                { header: 'ID', value: (p: Person) => p.person_id },
                { header: t('common.name'), value: (p: Person) => p.name },
                { header: t('people.department'), value: (p: Person) => p.department },
                { header: t('common.team'), value: (p: Person) => p.team },
                { header: t('people.title'), value: (p: Person) => p.title },
                { header: t('people.manager'), value: (p: Person) => nameOf(p.manager_id) },
                { header: t('common.status'), value: (p: Person) => (p.active ? 'active' : 'inactive') },
              ],
              rows,
            )
          }
        >
          {t('common.export')}
        </Button>
      </Space>
      {people.data && all.length === 0 ? (
        <EmptyHint text={t('people.empty')} />
      ) : (
        <Table
          size="small"
          rowKey="person_id"
          data-testid="people-table"
          dataSource={rows}
          scroll={{ x: 800 }}
          columns={[
            { title: 'ID', dataIndex: 'person_id', sorter: (a, b) => a.person_id.localeCompare(b.person_id) },
            { title: t('common.name'), dataIndex: 'name', sorter: (a, b) => text(a.name, b.name) },
            {
              title: t('people.department'),
              dataIndex: 'department',
              sorter: (a, b) => text(a.department, b.department),
            },
            {
              title: t('common.team'),
              dataIndex: 'team',
              sorter: (a, b) => text(a.team, b.team),
              filters: teams.map((x) => ({ text: x, value: x })),
              onFilter: (v, p) => p.team === v,
            },
            { title: t('people.title'), dataIndex: 'title', sorter: (a, b) => text(a.title, b.title) },
            {
              title: t('people.manager'),
              key: 'manager',
              sorter: (a, b) => text(nameOf(a.manager_id), nameOf(b.manager_id)),
              render: (_v, p) => nameOf(p.manager_id),
            },
            {
              title: t('common.status'),
              dataIndex: 'active',
              render: (a: boolean) =>
                a ? <Tag color="green">{t('people.active')}</Tag> : <Tag>{t('people.inactive')}</Tag>,
            },
            {
              title: t('common.actions'),
              key: 'edit',
              render: (_v, p) => (
                <Button size="small" onClick={() => open(p)} data-testid={`person-edit-${p.person_id}`}>
                  {t('people.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={editing !== null}
        title={`${t('people.edit')} · ${editing?.name ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={save}
        okButtonProps={{ 'data-testid': 'person-save' } as Record<string, string>}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="team" label={t('common.team')}>
            <Input maxLength={100} data-testid="person-team" />
          </Form.Item>
          <Form.Item name="title" label={t('people.title')}>
            <Input maxLength={100} data-testid="person-title" />
          </Form.Item>
          <Form.Item name="manager_id" label={t('people.manager')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              data-testid="person-manager"
              options={all
                .filter((p) => p.person_id !== editing?.person_id)
                .map((p) => ({ value: p.person_id, label: `${p.name} (${p.person_id})` }))}
            />
          </Form.Item>
          <Form.Item name="active" label={t('people.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </PageState>
  );
}
