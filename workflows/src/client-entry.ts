/**
 * `@clos/workflows/client` — what a client of the enforcement workflows needs: the client
 * helpers (start, signal, update, query, schedules) and the messages and inputs they carry.
 * No worker, bundler or activity code: the application services import only this.
 */
export * from './client.js';
export * from './shared/index.js';
