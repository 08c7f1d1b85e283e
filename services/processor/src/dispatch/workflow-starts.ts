/** Moved to @clos/app; kept so existing imports keep compiling. */
export { policyOf, podWipStart, projectStageStart } from '@clos/app';
