/** Moved to @clos/app; kept so existing imports keep compiling. */
export { ConfigHolder, type ConfigSource } from '@clos/app';
