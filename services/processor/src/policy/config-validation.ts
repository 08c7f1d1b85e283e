/** Moved to @clos/app; kept so existing imports keep compiling. */
export { CONFIG_FILE_PATH, CONFIG_STATUS_CONTEXT, validateConfigText, describeIssues, type ConfigValidation } from '@clos/app';
