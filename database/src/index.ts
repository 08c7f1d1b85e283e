export { migrate, MIGRATIONS_DIR, MIGRATIONS_TABLE } from './migrate.js';
export type { MigrateOptions } from './migrate.js';
export { loadMigrateEnv, redactDatabaseUrl } from './env.js';
export type { MigrateEnv } from './env.js';
export { ensureServiceRole, withCredentials, SERVICE_GROUP_ROLE } from './service-role.js';
export type { EnsureServiceRoleOptions } from './service-role.js';
