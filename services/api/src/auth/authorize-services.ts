/** Moved to @clos/app; kept so existing imports keep compiling. */
export {
  authorizeServices,
  type CallContext,
  type ServiceMethod,
  type Requirement,
  type AuditSpec,
  type AccessRule,
  type AccessRules,
  type Authorized,
  type AuthorizeOptions,
} from '@clos/app';
