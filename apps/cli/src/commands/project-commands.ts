import { input } from './prompts.js';
import type { Command } from 'commander';
import { choiceFlag, dateFlag, withJson, type CommandContext } from './command-context.js';
import { renderTable } from './render.js';

const STATUSES = ['green', 'yellow', 'red'] as const;

interface Project {
  id: string;
  name: string;
  deadline: string;
  eac: string;
  slipDays: number;
  status: string;
  state: string;
  shippedEarly: boolean | null;
}

const projectRows = (items: Project[]) =>
  renderTable(['ID', 'NAME', 'DEADLINE', 'EAC', 'SLIP (DAYS)', 'STATUS', 'STATE'], items.map((p) => [p.id, p.name, p.deadline, p.eac, p.slipDays, p.status, p.state]));

/** `clos project …`: leadership projects judged on deadline against estimate at completion. */
export function registerProjectCommands(program: Command, ctx: CommandContext): void {
  const project = program.command('project').description('Your leadership projects: deadline vs estimate at completion');

  withJson(
    project
      .command('add')
      .description('Start a leadership project')
      .argument('[name]', 'the project')
      .option('--deadline <date>', 'the real deadline, YYYY-MM-DD')
      .option('--eac <date>', 'estimate at completion, YYYY-MM-DD')
      .option('--criteria <text>', 'what success means'),
  ).action(async (name: string | undefined, o: { deadline?: string; eac?: string; criteria?: string; json?: boolean }) => {
    const what = await ctx.need(name, 'the project NAME', () => input({ message: 'Project', required: true }));
    const deadline = await ctx.need(dateFlag(o.deadline, '--deadline'), '--deadline YYYY-MM-DD', () => input({ message: 'Deadline (YYYY-MM-DD)', required: true }));
    const eac = await ctx.need(dateFlag(o.eac, '--eac'), '--eac YYYY-MM-DD', () => input({ message: 'Estimate at completion (YYYY-MM-DD)', required: true }));
    const criteria = await ctx.need(o.criteria, '--criteria TEXT', () => input({ message: 'Success criteria', required: true }));
    const made = await (await ctx.api()).post<Project>('/api/leadership/projects', { name: what, deadline, eac, criteria });
    ctx.emit(o.json, made, () => `Project ${made.id} started${made.slipDays > 0 ? `; its estimate is already ${made.slipDays} days past the deadline` : ''}.`);
  });

  withJson(project.command('list').description('Your projects by deadline').option('--active', 'only those neither completed nor killed')).action(async (o: { active?: boolean; json?: boolean }) => {
    const { items } = await (await ctx.api()).get<{ items: Project[] }>(`/api/leadership/projects${o.active === true ? '?active=true' : ''}`);
    ctx.emit(o.json, items, () => (items.length === 0 ? 'No projects.' : projectRows(items)));
  });

  withJson(
    project
      .command('update')
      .description("Set a project's status")
      .argument('<id>', 'the project id')
      .option('--status <status>', STATUSES.join(', '))
      .option('--eac <date>', 'a new estimate at completion'),
  ).action(async (id: string, o: { status?: string; eac?: string; json?: boolean }) => {
    const status = await ctx.need(choiceFlag(o.status, '--status', STATUSES), '--status (green|yellow|red)', () => input({ message: 'Status', required: true }));
    const eac = dateFlag(o.eac, '--eac');
    const made = await (await ctx.api()).post<Project>(`/api/leadership/projects/${encodeURIComponent(id)}/status`, { status, ...(eac !== undefined ? { eac } : {}) });
    ctx.emit(o.json, made, () => `Project ${made.id} is ${made.status}.`);
  });

  withJson(project.command('complete').description('Complete a project').argument('<id>', 'the project id').option('--early', 'shipped early')).action(
    async (id: string, o: { early?: boolean; json?: boolean }) => {
      const made = await (await ctx.api()).post<Project>(`/api/leadership/projects/${encodeURIComponent(id)}/complete`, o.early === true ? { early: true } : {});
      ctx.emit(o.json, made, () => `Project ${made.id} completed${made.shippedEarly === true ? ', early' : ''}.`);
    },
  );

  withJson(project.command('kill').description('Kill a project, saying why').argument('<id>', 'the project id').option('--reason <text>', 'why')).action(
    async (id: string, o: { reason?: string; json?: boolean }) => {
      const reason = await ctx.need(o.reason, '--reason TEXT', () => input({ message: 'Why kill it?', required: true }));
      const made = await (await ctx.api()).post<Project>(`/api/leadership/projects/${encodeURIComponent(id)}/kill`, { reason });
      ctx.emit(o.json, made, () => `Project ${made.id} killed.`);
    },
  );

  withJson(project.command('timeline').description('Active projects: deadline against estimate at completion')).action(async (o: { json?: boolean }) => {
    const { items } = await (await ctx.api()).get<{ items: Project[] }>('/api/leadership/projects?active=true');
    ctx.emit(o.json, items, () =>
      items.length === 0
        ? 'No active projects.'
        : items.map((p) => `${p.deadline}  ${p.slipDays > 0 ? `LATE by ${p.slipDays} d (EAC ${p.eac})` : `on track (EAC ${p.eac})`}  [${p.status}]  ${p.name}`).join('\n'),
    );
  });
}
