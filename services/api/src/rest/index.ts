export { restApi, DEFAULT_RATE_LIMIT, READ_CACHE_MS, type RestDependencies } from './rest-api.js';
export { ACCESS_RULES } from './permissions.js';
export { createClosServices, type ClosServices } from './services/clos-services.js';
export { encodeCursor, decodeCursor, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type Page } from './pagination.js';
export { selectPods } from './services/pods-service.js';
