/** Moved to @clos/app; kept so existing imports keep compiling. */
export { rolesOfGithubMember } from '@clos/app';
