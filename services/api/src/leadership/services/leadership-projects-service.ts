import { invalidInput } from '@clos/domain';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { projectRecords, type LeadershipProject, type NewProject, type ProjectStatus } from '@clos/platform';
import { leadershipCallers } from './leadership-context.js';

/** A person's leadership projects: deadline against estimate at completion, shipped early or killed. */
export function leadershipProjectsService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  const projects = async (ctx: CallContext) => {
    const c = await caller(ctx);
    return { c, records: projectRecords(deps.pool, c.cipher, c.personId) };
  };
  return {
    async addLeadershipProject(ctx: CallContext, input: NewProject): Promise<LeadershipProject> {
      const { records } = await projects(ctx);
      return records.insert(input);
    },
    async listLeadershipProjects(ctx: CallContext, input: { active?: boolean | undefined }): Promise<{ items: LeadershipProject[] }> {
      const { records } = await projects(ctx);
      return { items: await records.list(input.active === true ? { active: true } : {}) };
    },
    async updateLeadershipProject(ctx: CallContext, input: { projectId: string; status: ProjectStatus; eac?: string | undefined }): Promise<LeadershipProject> {
      const { records } = await projects(ctx);
      return records.setStatus(input.projectId, input.status, input.eac);
    },
    /** Completes a project; `early` defaults to finishing before its deadline. */
    async completeLeadershipProject(ctx: CallContext, input: { projectId: string; early?: boolean | undefined }): Promise<LeadershipProject> {
      const { c, records } = await projects(ctx);
      const current = (await records.list({ active: true })).find((p) => p.id === input.projectId);
      const early = input.early ?? (current !== undefined && c.today < current.deadline);
      return records.complete(input.projectId, c.now, early);
    },
    async killLeadershipProject(ctx: CallContext, input: { projectId: string; reason: string }): Promise<LeadershipProject> {
      const { c, records } = await projects(ctx);
      if (input.reason.trim() === '') throw invalidInput('reason: say why the project is killed');
      return records.kill(input.projectId, c.now, input.reason);
    },
  };
}
