/**
 * API tokens and roles, without the HTTP server: what the `clos` command needs to issue,
 * list and revoke tokens against the record directly.
 */
export { TOKEN_PREFIX, generateToken, hashToken, displayPrefix, looksLikeToken, type GeneratedToken } from './api-token.js';
export {
  ANY_POD,
  podRolesSchema,
  parseRoleSpecs,
  isOrgAdmin,
  roleInPod,
  podsWithRole,
  inScope,
  describeRoles,
  type PodRoles,
  type PodScope,
} from '@clos/app';
export { expiryFrom, DEFAULT_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME_DAYS, LIFETIME_PATTERN } from './expiry.js';
export {
  insertToken,
  findTokenByHash,
  findTokenById,
  touchToken,
  listTokens,
  revokeToken,
  tokenStatus,
  unknownPods,
  type TokenRecord,
  type TokenStatus,
  type IssueTokenInput,
  type IssuedToken,
  type ListTokensOptions,
} from './token-store.js';
export { issueToken, knownPerson, type TokenRequest } from './issue-token.js';
export { authenticateBearer } from './authenticate.js';
export { AUTH_FAILURE_MESSAGES, type Principal, type Authentication, type AuthFailureReason } from '@clos/app';
export {
  createLoginLink,
  loginLinkUrl,
  startSession,
  LOGIN_LINK_MINUTES,
  SESSION_HOURS,
  SESSION_COOKIE,
  CSRF_COOKIE,
  type LoginLinkOptions,
  type StartedSession,
} from './session.js';
export { rolesOfGithubMember } from '@clos/app';
