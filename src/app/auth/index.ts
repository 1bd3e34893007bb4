export { checkLogin, DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from './login.js';
export { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
export {
  createSession,
  DEFAULT_SESSION_POLICY,
  deleteSession,
  deleteUserSessions,
  type NewSession,
  resolveSession,
  type SessionPolicy,
} from './sessions.js';
export {
  type ApiTokenInfo,
  authenticateToken,
  createApiToken,
  digestSecret,
  listApiTokens,
  parseScopes,
  randomSecret,
  revokeApiToken,
} from './tokens.js';
export {
  assertCanSeePerson,
  canSeePerson,
  managesPerson,
  registerVisibilitySource,
  reportsOf,
  type VisibilitySource,
  type VisiblePeople,
  visiblePersonIds,
} from './visibility.js';
