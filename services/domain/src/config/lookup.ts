import { roleAtLeast, type Role } from '../roles.js';
import { builtInTemplate } from '../stage/built-in-templates.js';
import type { StageTemplate } from '../stage/stage-schema.js';
import type { ClosConfig, PodConfig, PodMember, ProjectConfig } from './config-schema.js';

/** The pod whose `repos` list `repo` (`owner/name`, any case). */
export function podForRepo(cfg: ClosConfig, repo: string): PodConfig | undefined {
  const wanted = repo.toLowerCase();
  return cfg.pods.find((pod) => pod.repos.some((r) => r.toLowerCase() === wanted));
}

/** The pod whose `linearTeams` list `teamKey` (any case). */
export function podForLinearTeam(cfg: ClosConfig, teamKey: string): PodConfig | undefined {
  const wanted = teamKey.toUpperCase();
  return cfg.pods.find((pod) => pod.linearTeams.some((t) => t.toUpperCase() === wanted));
}

/** The pod with that id. */
export function podById(cfg: ClosConfig, podId: string): PodConfig | undefined {
  return cfg.pods.find((pod) => pod.id === podId);
}

/** The project with that id. */
export function projectById(cfg: ClosConfig, projectId: string): ProjectConfig | undefined {
  return cfg.projects.find((p) => p.id === projectId);
}

/** The projects a pod owns, in file order. */
export function projectsOfPod(cfg: ClosConfig, podId: string): ProjectConfig[] {
  return cfg.projects.filter((p) => p.pod === podId);
}

/** Prefix of the label that puts a pull request into a project: `project:checkout-v2`. */
export const PROJECT_LABEL_PREFIX = 'project:';

/** A Linear project as far as it is known: its name, its id, or both. */
export type LinearProjectRef = string | { id?: string | null; name?: string | null } | null | undefined;

/**
 * The project a pull request belongs to. A `project:<id>` label naming a configured project
 * wins (the first such label); otherwise the project mapped to the Linear project of the PR's
 * issue, matched on its name or id, ignoring case.
 */
export function projectForPullRequest(
  cfg: ClosConfig,
  pr: { labels: readonly string[] },
  linearProject?: LinearProjectRef,
): ProjectConfig | undefined {
  for (const label of pr.labels) {
    const trimmed = label.trim();
    if (trimmed.toLowerCase().startsWith(PROJECT_LABEL_PREFIX)) {
      const project = projectById(cfg, trimmed.slice(PROJECT_LABEL_PREFIX.length).trim().toLowerCase());
      if (project !== undefined) return project;
    }
  }
  return projectForLinearProject(cfg, linearProject);
}

/** The project mapped (`linearProject`) to a Linear project, matched on its name or id, ignoring case. */
export function projectForLinearProject(cfg: ClosConfig, linearProject: LinearProjectRef): ProjectConfig | undefined {
  const names =
    typeof linearProject === 'string'
      ? [linearProject]
      : linearProject == null
        ? []
        : [linearProject.name, linearProject.id].filter((v): v is string => typeof v === 'string');
  const wanted = names.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (wanted.length === 0) return undefined;
  return cfg.projects.find((p) => p.linearProject !== undefined && wanted.includes(p.linearProject.trim().toLowerCase()));
}

function findMember(cfg: ClosConfig, match: (m: PodMember) => boolean, podId?: string): PodMember | undefined {
  for (const pod of cfg.pods) {
    if (podId !== undefined && pod.id !== podId) continue;
    const member = pod.members.find(match);
    if (member !== undefined) return member;
  }
  return undefined;
}

/** The member with that GitHub login (any case), in `podId` when given, else in the first pod listing it. */
export function memberByGithub(cfg: ClosConfig, login: string, podId?: string): PodMember | undefined {
  const wanted = login.toLowerCase();
  return findMember(cfg, (m) => m.github?.toLowerCase() === wanted, podId);
}

/** The member with that Slack user id. */
export function memberBySlack(cfg: ClosConfig, slackUserId: string, podId?: string): PodMember | undefined {
  return findMember(cfg, (m) => m.slack === slackUserId, podId);
}

/** The member with that Linear email or user id (any case). */
export function memberByLinear(cfg: ClosConfig, linear: string, podId?: string): PodMember | undefined {
  const wanted = linear.toLowerCase();
  return findMember(cfg, (m) => m.linear?.toLowerCase() === wanted, podId);
}

/**
 * The stable id of a person across CLOS: the GitHub login (lower-cased, as GitHub ignores
 * case), else the Slack user id, else the Linear identity (lower-cased).
 */
export function personId(member: Pick<PodMember, 'github' | 'slack' | 'linear'>): string {
  if (member.github !== undefined) return member.github.toLowerCase();
  if (member.slack !== undefined) return member.slack;
  if (member.linear !== undefined) return member.linear.toLowerCase();
  throw new TypeError('a member needs at least one of github, slack or linear');
}

/** Whether `id` names this member: its person id or any of its identities. */
function isPerson(member: PodMember, id: string): boolean {
  const lower = id.toLowerCase();
  return member.github?.toLowerCase() === lower || member.slack === id || member.linear?.toLowerCase() === lower;
}

/**
 * The role of a person in a pod, or `undefined` when not a member. `personId` may be the id
 * {@link personId} gives or any identity of the person. An admin of any pod is an admin
 * everywhere: admins run the organisation, not one team.
 */
export function roleOf(cfg: ClosConfig, podId: string, personIdOrIdentity: string): Role | undefined {
  let role: Role | undefined;
  for (const pod of cfg.pods) {
    for (const member of pod.members) {
      if (!isPerson(member, personIdOrIdentity)) continue;
      if (member.role === 'admin') return 'admin';
      if (pod.id === podId && (role === undefined || roleAtLeast(member.role, role))) role = member.role;
    }
  }
  return role;
}

/** A built-in template or one of clos.yml's `templates`, by id. */
export function resolveTemplate(cfg: Pick<ClosConfig, 'templates'>, templateId: string): StageTemplate | undefined {
  return builtInTemplate(templateId) ?? cfg.templates.find((t) => t.id === templateId);
}
