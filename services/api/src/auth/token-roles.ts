/** Moved to @clos/app; kept so existing imports keep compiling. */
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
