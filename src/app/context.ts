/** Account roles, from most to least powerful. */
export const ROLES = ['admin', 'manager', 'analyst', 'hr', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Scopes an API token may carry. `admin` includes every other scope. */
export const TOKEN_SCOPES = ['import', 'collect', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The authenticated caller of a use case. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** The person (people.person_id) this account belongs to, if any. */
  personId: string | null;
}

/** Things a caller may do; checked by role (ownership is checked separately against the data). */
export type Action =
  | 'users.manage'
  | 'audit.read'
  | 'imports.write'
  | 'imports.manage'
  | 'metrics.read'
  | 'dashboard.read'
  | 'data_quality.read'
  | 'periods.manage'
  | 'scorecards.manage'
  | 'scorecards.read_all'
  | 'feedback.raw'
  | 'calibration.manage'
  | 'incentives.read'
  | 'cli.run';

const PERMISSIONS: Record<Action, readonly Role[]> = {
  'users.manage': ['admin'],
  'audit.read': ['admin', 'hr'],
  'imports.write': ['admin', 'analyst', 'member'],
  'imports.manage': ['admin', 'analyst'],
  'metrics.read': ['admin', 'manager', 'analyst', 'hr', 'member'],
  'dashboard.read': ['admin', 'manager', 'analyst', 'hr', 'viewer'],
  'data_quality.read': ['admin', 'analyst', 'manager'],
  'periods.manage': ['admin', 'manager'],
  'scorecards.manage': ['admin', 'manager'],
  'scorecards.read_all': ['admin', 'hr'],
  'feedback.raw': ['admin', 'hr'],
  'calibration.manage': ['admin', 'manager', 'hr'],
  'incentives.read': ['admin', 'hr', 'manager'],
  'cli.run': ['admin'],
};

/** Whether a role may perform an action at all (ownership rules may narrow it further). */
export function roleCan(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

/** Per-request context handed to use cases: who is calling, through what, and what they may do. */
export interface RequestContext {
  user: AuthUser;
  /** How the caller authenticated. */
  via: 'session' | 'token';
  /** Scopes of the API token (null for a browser session: the role alone decides). */
  scopes: readonly TokenScope[] | null;
  /** Whether the caller may perform the action (role check; pass a person to also require visibility). */
  can(action: Action): boolean;
  /** Whether the caller may see data about a person (self, managed team, invited, or everyone for admin/hr). */
  canSeePerson(personId: string): Promise<boolean>;
}

/** Whether a value is a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
