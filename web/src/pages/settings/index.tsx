import { Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { AuditLog } from './audit.js';
import { ChannelRulesSettings } from './channels.js';
import { KpiCatalog } from './kpis.js';
import { RulesSettings } from './rules.js';
import { UsersSettings } from './users.js';

/** 设置: KPI definitions, channel rules, bands and incentive rules, users and roles, audit log (by role). */
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
    ...(hasRole('admin') ? [{ key: 'users', label: t('settings.users'), children: <UsersSettings /> }] : []),
    ...(hasRole('admin', 'hr') ? [{ key: 'audit', label: t('settings.audit'), children: <AuditLog /> }] : []),
  ];
  return (
    <>
      <Typography.Title level={4}>{t('settings.title')}</Typography.Title>
      <Tabs items={tabs} />
    </>
  );
}
