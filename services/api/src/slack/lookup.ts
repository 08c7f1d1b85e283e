import { invalidInput, podById, projectById, resolveTemplate, type ClosConfig, type PodConfig, type ProjectConfig, type StageTemplate } from '@clos/domain';

/** The pod named by id or name (any case); `undefined` when none matches. */
export function findPod(cfg: ClosConfig, text: string): PodConfig | undefined {
  const wanted = text.trim().toLowerCase();
  return podById(cfg, wanted) ?? cfg.pods.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
}

/** The project named by id or name (any case); `undefined` when none matches. */
export function findProject(cfg: ClosConfig, text: string): ProjectConfig | undefined {
  const wanted = text.trim().toLowerCase();
  return projectById(cfg, wanted) ?? cfg.projects.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
}

/** Like {@link findPod}, refusing with a message that lists the pods. */
export function requirePod(cfg: ClosConfig, text: string): PodConfig {
  const pod = findPod(cfg, text);
  if (pod === undefined) {
    throw invalidInput(`No pod named "${text}". Pods: ${cfg.pods.map((p) => p.id).join(', ') || 'none configured'}.`);
  }
  return pod;
}

/** Like {@link findProject}, refusing with a message that lists the projects. */
export function requireProject(cfg: ClosConfig, text: string): ProjectConfig {
  const project = findProject(cfg, text);
  if (project === undefined) {
    const known = cfg.projects.map((p) => p.id);
    throw invalidInput(`No project named "${text}". Projects: ${known.slice(0, 20).join(', ') || 'none configured'}.`);
  }
  return project;
}

/** A project's template; clos.yml's cross-checks guarantee it exists. */
export function templateOf(cfg: ClosConfig, project: ProjectConfig): StageTemplate {
  const template = resolveTemplate(cfg, project.template);
  if (template === undefined) throw invalidInput(`Project ${project.id} uses unknown template ${project.template}.`);
  return template;
}

