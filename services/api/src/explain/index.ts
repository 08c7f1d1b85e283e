export { explainRoutes, EXPLAIN_PREFIXES, type ExplainDependencies } from './explain-routes.js';
export { RepositoryReaders, type RepositoryReadersOptions } from './repository-readers.js';
