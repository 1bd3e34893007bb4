import type { Role } from './api/types.js';
import type { MessageKey } from './i18n/index.js';

/** One entry of the side menu: path, label and the roles that see it. */
export interface NavItem {
  path: string;
  label: MessageKey;
  roles: Role[];
  /** Only for accounts linked to a person. */
  needsPerson?: boolean;
}

/** The side menu, role-aware (the API enforces the same rules). */
export const NAV: NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', roles: ['admin', 'manager', 'analyst', 'hr', 'viewer'] },
  { path: '/my', label: 'nav.my', roles: ['admin', 'manager', 'analyst', 'hr', 'member'], needsPerson: true },
  { path: '/team', label: 'nav.team', roles: ['admin', 'manager', 'hr'] },
  { path: '/targets', label: 'nav.targets', roles: ['admin', 'manager'] },
  { path: '/feedback', label: 'nav.feedback', roles: ['admin', 'manager', 'analyst', 'hr', 'member', 'viewer'] },
  { path: '/reviews', label: 'nav.reviews', roles: ['admin', 'manager', 'hr', 'member', 'analyst'] },
  { path: '/data', label: 'nav.data', roles: ['admin', 'analyst', 'manager', 'member'] },
  { path: '/settings', label: 'nav.settings', roles: ['admin', 'hr', 'analyst', 'manager'] },
];

/** The menu entries a user sees. */
export function navFor(role: Role, hasPerson: boolean): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role) && (!n.needsPerson || hasPerson));
}

/** Where a user lands after login. */
export function homeFor(role: Role, hasPerson: boolean): string {
  return navFor(role, hasPerson)[0]?.path ?? '/feedback';
}
