/** Moved to @clos/app; kept so existing imports keep compiling. */
export { withTimeout } from '@clos/app';
