/** Moved to @clos/app; kept so existing imports keep compiling. */
export { createSubjectResolver, type SubjectResolverOptions } from '@clos/app';
