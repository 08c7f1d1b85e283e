/** The leadership layer: a person's own check-ins, decisions, delegations, projects, breaker, reviews. */
export { dataKeyringFromEnv, createFieldCipher, type DataKeyring, type DataKeyEnv, type FieldCipher } from '@clos/platform';
export { createLeadershipServices, type LeadershipServices } from './leadership-services.js';
export { LEADERSHIP_ACCESS_RULES } from './leadership-rules.js';
export { LEADERSHIP_TABLES, LEADERSHIP_TABLE_NAMES, type LeadershipTable } from '@clos/platform';
