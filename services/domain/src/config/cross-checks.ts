import { builtInTemplate } from '../stage/built-in-templates.js';
import type { StageTemplate } from '../stage/stage-schema.js';

/** The parts of the configuration the cross checks read (the schema's output, before the checks ran). */
interface CheckedConfig {
  pods: {
    id: string;
    repos: string[];
    linearTeams: string[];
    members: { github?: string | undefined; slack?: string | undefined; linear?: string | undefined }[];
  }[];
  templates: StageTemplate[];
  projects: { id: string; pod: string; template: string; linearProject?: string | undefined }[];
}

/** A problem that involves more than one field. */
export interface CrossCheckIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Rules no single field can check: unique ids, references that resolve, and mappings
 * that must be unambiguous (a repository, a Linear team or a Linear project belongs to
 * one pod or project only, or events could not be routed).
 */
export function crossCheckConfig(cfg: CheckedConfig): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const firstSeen = <K>(seen: Map<K, string>, key: K, where: string, path: (string | number)[], what: string) => {
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, where);
    else issues.push({ path, message: `${what}, already used by ${earlier}` });
  };

  const podIds = new Map<string, string>();
  const repos = new Map<string, string>();
  const teams = new Map<string, string>();
  cfg.pods.forEach((pod, i) => {
    firstSeen(podIds, pod.id, `pods[${i}]`, ['pods', i, 'id'], `duplicate pod id "${pod.id}"`);
    pod.repos.forEach((repo, j) =>
      firstSeen(repos, repo.toLowerCase(), `pod "${pod.id}"`, ['pods', i, 'repos', j], `repository ${repo} is in more than one pod`),
    );
    pod.linearTeams.forEach((team, j) =>
      firstSeen(teams, team.toUpperCase(), `pod "${pod.id}"`, ['pods', i, 'linearTeams', j], `Linear team ${team} is in more than one pod`),
    );
    const identities = new Map<string, string>();
    pod.members.forEach((m, j) => {
      const ids: [string, string | undefined][] = [
        ['github', m.github?.toLowerCase()],
        ['slack', m.slack],
        ['linear', m.linear?.toLowerCase()],
      ];
      for (const [kind, value] of ids) {
        if (value !== undefined) {
          firstSeen(identities, `${kind}:${value}`, `members[${j}]`, ['pods', i, 'members', j, kind], `${kind} identity "${value}" is listed twice in pod "${pod.id}"`);
        }
      }
    });
  });

  const templateIds = new Map<string, string>();
  cfg.templates.forEach((t, i) => {
    if (builtInTemplate(t.id) !== undefined) {
      issues.push({ path: ['templates', i, 'id'], message: `template id "${t.id}" is a built-in template; choose another id` });
    }
    firstSeen(templateIds, t.id, `templates[${i}]`, ['templates', i, 'id'], `duplicate template id "${t.id}"`);
  });

  const projectIds = new Map<string, string>();
  const linearProjects = new Map<string, string>();
  cfg.projects.forEach((p, i) => {
    firstSeen(projectIds, p.id, `projects[${i}]`, ['projects', i, 'id'], `duplicate project id "${p.id}"`);
    if (!podIds.has(p.pod)) {
      issues.push({ path: ['projects', i, 'pod'], message: `unknown pod "${p.pod}"${known(podIds.keys())}` });
    }
    if (builtInTemplate(p.template) === undefined && !templateIds.has(p.template)) {
      issues.push({
        path: ['projects', i, 'template'],
        message: `unknown template "${p.template}"${known(['delivery', 'spec', ...templateIds.keys()])}`,
      });
    }
    if (p.linearProject !== undefined) {
      firstSeen(
        linearProjects,
        p.linearProject.toLowerCase(),
        `project "${p.id}"`,
        ['projects', i, 'linearProject'],
        `Linear project "${p.linearProject}" is mapped to more than one project`,
      );
    }
  });
  return issues;
}

function known(ids: Iterable<string>): string {
  const list = [...ids];
  return list.length === 0 ? '' : ` (known: ${list.join(', ')})`;
}
