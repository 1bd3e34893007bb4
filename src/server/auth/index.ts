export { assertCanSeePerson, canSeePerson, managesPerson, visiblePersonIds } from '../../app/auth/visibility.js';
export { CSRF_COOKIE, CSRF_HEADER, installAuth, requireContext, requireUser, SESSION_COOKIE } from './hooks.js';
export { policy, type RoutePolicy } from './policy.js';
