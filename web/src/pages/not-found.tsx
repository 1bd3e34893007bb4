import { Button, Result } from 'antd';
import { useI18n } from '../i18n/index.js';
import { homeFor } from '../nav.js';
import { useRouter } from '../router.js';
import { useSession } from '../session.js';

/** Unknown paths: a 404 with a way home (the root path redirects home). */
export default function NotFoundPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const { path, navigate } = useRouter();
  const home = me ? homeFor(me.role, Boolean(me.person_id)) : '/login';
  if (path === '/' || path === '/login') {
    queueMicrotask(() => navigate(home, { replace: true }));
    return null;
  }
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={<Button onClick={() => navigate(home)}>{t('common.back')}</Button>}
    />
  );
}
