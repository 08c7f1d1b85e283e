/** Moved to @clos/app; kept so existing imports keep compiling. */
export { countLinearProgress } from '@clos/app';
