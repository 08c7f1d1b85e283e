import type { StageDef, StageTemplate } from './stage-schema.js';

/**
 * The product delivery lifecycle. Each stage's criteria are what it takes to leave it:
 * an idea needs a problem statement and a lead's go; discovery ends with a brief on the
 * default branch reviewed by a lead; build ends when the project's Linear issues are done
 * and a demo was held; launch ends with release evidence and the lead's sign-off.
 */
const delivery: StageTemplate = {
  id: 'delivery',
  name: 'Delivery',
  stages: [
    {
      id: 'idea',
      name: 'Idea',
      criteria: [
        { id: 'problem-statement', type: 'evidence', description: 'Problem statement and expected impact' },
        { id: 'lead-go', type: 'signoff', role: 'lead', description: 'Pod lead agrees to start discovery' },
      ],
    },
    {
      id: 'discovery',
      name: 'Discovery',
      criteria: [
        { id: 'brief', type: 'artifact', path: 'docs/projects/{project}/brief.md', description: 'Project brief on the default branch' },
        { id: 'brief-approved', type: 'approvals', count: 1, role: 'lead', description: 'Brief approved by a lead' },
      ],
    },
    {
      id: 'build',
      name: 'Build',
      criteria: [
        { id: 'issues-done', type: 'linearDone', description: 'All Linear issues of the project done' },
        { id: 'demo', type: 'evidence', description: 'Demo held (recording or notes)' },
      ],
    },
    {
      id: 'launch',
      name: 'Launch',
      criteria: [
        { id: 'release', type: 'evidence', description: 'Release notes or rollout link' },
        { id: 'launch-signoff', type: 'signoff', role: 'lead', description: 'Pod lead confirms the launch' },
      ],
    },
    { id: 'done', name: 'Done', criteria: [] },
  ],
};

const SPEC_PHASES = [
  ['research', 'Research'],
  ['requirements', 'Requirements'],
  ['design', 'Design'],
  ['tasks', 'Tasks'],
] as const;

/**
 * Spec-driven development: each phase leaves a document under `specs/<project>/`, and
 * execution is done when every task in tasks.md is checked and the checks its `[VERIFY]`
 * tasks name are green.
 */
const spec: StageTemplate = {
  id: 'spec',
  name: 'Spec-driven',
  stages: [
    ...SPEC_PHASES.map(
      ([id, name]): StageDef => ({
        id,
        name,
        criteria: [
          { id: `${id}-doc`, type: 'artifact', path: `specs/{project}/${id}.md`, description: `${name} document specs/{project}/${id}.md` },
        ],
      }),
    ),
    {
      id: 'execution',
      name: 'Execution',
      criteria: [
        {
          id: 'tasks-verified',
          type: 'checks',
          fromTasks: true,
          description: 'Every task in tasks.md checked and every [VERIFY] check green',
        },
      ],
    },
    { id: 'done', name: 'Done', criteria: [] },
  ],
};

/** The templates every organisation has; clos.yml may add its own under other ids. */
export const BUILT_IN_TEMPLATES: { readonly delivery: StageTemplate; readonly spec: StageTemplate } = { delivery, spec };

/** Ids of {@link BUILT_IN_TEMPLATES}. */
export const BUILT_IN_TEMPLATE_IDS: readonly string[] = Object.keys(BUILT_IN_TEMPLATES);

/** The built-in template with that id, if any. */
export function builtInTemplate(id: string): StageTemplate | undefined {
  return Object.hasOwn(BUILT_IN_TEMPLATES, id) ? BUILT_IN_TEMPLATES[id as keyof typeof BUILT_IN_TEMPLATES] : undefined;
}
