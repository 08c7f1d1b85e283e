import { percentile, round2 } from './percentile.js';

/** A template's stages in order, as far as the funnel cares. */
export interface FunnelTemplate {
  id: string;
  stages: readonly { id: string; name: string }[];
}

/** A project where it stands now. */
export interface FunnelProject {
  id: string;
  templateId: string;
  currentStage: string | null;
  /** When it entered its current stage (ISO), if known. */
  stageEnteredAt: string | null;
}

/** A recorded stage change of a project. */
export interface FunnelTransition {
  projectId: string;
  from: string | null;
  to: string;
}

/** One stage of the funnel. */
export interface FunnelStage {
  template: string;
  stageId: string;
  name: string;
  /** 0 for a template's first stage. */
  order: number;
  /** Projects in this stage now. */
  count: number;
  /** Median days the projects in it now have spent there; null when none is. */
  medianDaysInStage: number | null;
  /** Of the projects that ever entered this stage, the share that went on to the next; null for the last stage or when none entered. */
  conversion: number | null;
}

/**
 * The stage funnel of every template: how many projects sit in each stage now, for how
 * long (median), and how many of those that entered a stage left it for the next one.
 * A project's current stage counts as entered even when its transitions were not recorded.
 */
export function stageFunnel(input: {
  templates: readonly FunnelTemplate[];
  projects: readonly FunnelProject[];
  transitions: readonly FunnelTransition[];
  now: string;
}): FunnelStage[] {
  const now = Date.parse(input.now);
  const templateOf = new Map(input.projects.map((p) => [p.id, p.templateId]));
  const orderOf = new Map(input.templates.flatMap((t) => t.stages.map((s, i) => [`${t.id}\u0000${s.id}`, i] as const)));
  const entered = new Map<string, Set<string>>();
  const movedOn = new Map<string, Set<string>>();
  const mark = (index: Map<string, Set<string>>, template: string, stage: string, project: string) => {
    const key = `${template}\u0000${stage}`;
    index.set(key, (index.get(key) ?? new Set()).add(project));
  };
  for (const p of input.projects) if (p.currentStage !== null) mark(entered, p.templateId, p.currentStage, p.id);
  for (const t of input.transitions) {
    const template = templateOf.get(t.projectId);
    if (template === undefined) continue;
    mark(entered, template, t.to, t.projectId);
    // Going on means forward: a reset back to an earlier stage is not a conversion.
    const from = t.from === null ? undefined : orderOf.get(`${template}\u0000${t.from}`);
    const to = orderOf.get(`${template}\u0000${t.to}`);
    if (t.from !== null && from !== undefined && to !== undefined && to > from) mark(movedOn, template, t.from, t.projectId);
  }

  return input.templates.flatMap((template) =>
    template.stages.map((stage, order) => {
      const here = input.projects.filter((p) => p.templateId === template.id && p.currentStage === stage.id);
      const days = here.filter((p) => p.stageEnteredAt !== null).map((p) => Math.max(0, (now - Date.parse(p.stageEnteredAt!)) / 86_400_000));
      const key = `${template.id}\u0000${stage.id}`;
      const came = entered.get(key) ?? new Set<string>();
      const went = [...(movedOn.get(key) ?? [])].filter((id) => came.has(id)).length;
      const last = order === template.stages.length - 1;
      return {
        template: template.id,
        stageId: stage.id,
        name: stage.name,
        order,
        count: here.length,
        medianDaysInStage: round2(percentile(days, 0.5)),
        conversion: last || came.size === 0 ? null : round2(went / came.size),
      };
    }),
  );
}
