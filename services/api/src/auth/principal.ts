/** Moved to @clos/app; kept so existing imports keep compiling. */
export { AUTH_FAILURE_MESSAGES, type Principal, type Authentication, type AuthFailureReason } from '@clos/app';
