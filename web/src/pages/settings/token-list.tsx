import { App, Button, Popconfirm, Table, Tag } from 'antd';
import type { ApiTokenInfo } from '../../../../src/app/auth/tokens.js';
import { ApiError, api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { useI18n } from '../../i18n/index.js';

/** An account's API tokens (no secrets) with a revoke action; `version` reloads the list after a new token. */
export function TokenList({ userId, version }: { userId: string; version: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, loading, reload } = useApi(
    () => api<{ items: ApiTokenInfo[] }>(`/users/${userId}/tokens`),
    [userId, version],
  );
  const revoke = async (id: string) => {
    try {
      await api(`/users/${userId}/tokens/${id}/revoke`, { method: 'POST' });
      message.success(t('settings.tokenRevoked'));
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      pagination={false}
      dataSource={data?.items ?? []}
      locale={{ emptyText: t('settings.tokensNone') }}
      data-testid="token-list"
      columns={[
        { title: t('settings.tokenName'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
        { title: t('settings.tokenScopes'), dataIndex: 'scopes', render: (v: string[]) => v.join(', ') },
        { title: t('settings.tokenCreated'), dataIndex: 'created_at', render: (v: string) => v.slice(0, 16) },
        {
          title: '',
          key: 'action',
          render: (_: unknown, row: ApiTokenInfo) =>
            row.revoked_at ? (
              <Tag>{t('settings.tokenRevokedTag')}</Tag>
            ) : (
              <Popconfirm title={t('settings.tokenRevokeConfirm')} onConfirm={() => revoke(row.id)}>
                <Button size="small" danger data-testid={`revoke-${row.id}`}>
                  {t('settings.tokenRevoke')}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}
