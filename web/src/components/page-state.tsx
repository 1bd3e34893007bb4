import { Alert, Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

/** Loading spinner, 403 result, error with retry, or the children once loaded. */
export function PageState({
  loading,
  error,
  reload,
  children,
}: {
  loading?: boolean;
  error?: ApiError | undefined;
  reload?: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  if (error?.status === 403) {
    return <Result status="403" title={t('common.forbidden')} subTitle={error.message || t('common.forbiddenDesc')} />;
  }
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        message={error.message}
        action={reload ? <Button onClick={reload}>{t('common.retry')}</Button> : undefined}
      />
    );
  }
  if (loading && !children) return <Spin style={{ display: 'block', margin: 48 }} tip={t('common.loading')} />;
  return <>{children}</>;
}

/** An empty state that says what to do next. */
export function EmptyHint({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <Empty description={text} style={{ padding: 32 }}>
      {action}
    </Empty>
  );
}
