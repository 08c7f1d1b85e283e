export { explainRoutes, EXPLAIN_PREFIXES, type ExplainDependencies } from './explain-routes.js';
