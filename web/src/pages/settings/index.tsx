import { Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { useRouter } from '../../router.js';
import { useSession } from '../../session.js';
import { AuditLog } from './audit.js';
import { ChannelRulesSettings } from './channels.js';
import { FeedbackRawSettings } from './feedback-raw.js';
import { KpiCatalog } from './kpis.js';
import { PeopleSettings } from './people.js';
import { RecalibrationSettings } from './recalibration.js';
import { RulesSettings } from './rules.js';
import { UsersSettings } from './users.js';

/**
 * 设置 (by role): KPI definitions, channel rules, bands and incentive rules, quarterly recalibration, people, raw 360°
 * answers (HR/admin), users and roles, audit log.
 */
export default function SettingsPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const tabs = [
    { key: 'kpis', label: t('settings.kpis'), children: <KpiCatalog /> },
    ...(hasRole('admin', 'analyst', 'manager')
      ? [{ key: 'channels', label: t('settings.channels'), children: <ChannelRulesSettings /> }]
      : []),
    ...(hasRole('admin', 'hr', 'manager')
      ? [{ key: 'rules', label: `${t('settings.bands')} / ${t('settings.incentives')}`, children: <RulesSettings /> }]
      : []),
    ...(hasRole('admin', 'manager', 'analyst')
      ? [{ key: 'recalibration', label: t('recal.title'), children: <RecalibrationSettings /> }]
      : []),
    ...(hasRole('admin', 'hr') ? [{ key: 'people', label: t('people.title_tab'), children: <PeopleSettings /> }] : []),
    ...(hasRole('admin', 'hr') ? [{ key: 'raw360', label: t('raw360.title'), children: <FeedbackRawSettings /> }] : []),
    ...(hasRole('admin') ? [{ key: 'users', label: t('settings.users'), children: <UsersSettings /> }] : []),
    ...(hasRole('admin', 'hr') ? [{ key: 'audit', label: t('settings.audit'), children: <AuditLog /> }] : []),
  ];
  // ?tab=… opens a tab directly (links and browser checks).
  const wanted = useRouter().search.get('tab');
  const active = tabs.some((x) => x.key === wanted) ? (wanted as string) : undefined;
  return (
    <>
      <Typography.Title level={4}>{t('settings.title')}</Typography.Title>
      <Tabs items={tabs} defaultActiveKey={active} />
    </>
  );
}
