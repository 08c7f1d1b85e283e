import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { decisionRecords, type Decision, type DecisionType, delegationRecords, type Delegation, type DelegationOutcome } from '@clos/platform';
import { leadershipCallers } from './leadership-context.js';

/** The decision log (48-hour target) and delegations tracked to their outcome. */
export function decisionsService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  const decisions = async (ctx: CallContext) => {
    const c = await caller(ctx);
    return { c, records: decisionRecords(deps.pool, c.cipher, c.personId) };
  };
  const delegations = async (ctx: CallContext) => {
    const c = await caller(ctx);
    return { c, records: delegationRecords(deps.pool, c.cipher, c.personId) };
  };

  return {
    /** Logs a decision to make; the 48-hour clock starts now. */
    async addDecision(ctx: CallContext, input: { text: string; type: DecisionType }): Promise<Decision> {
      const { c, records } = await decisions(ctx);
      return records.insert({ text: input.text, type: input.type, openedAt: c.now }, c.now);
    },
    async decideDecision(ctx: CallContext, input: { decisionId: string; rationale: string; told?: string[] | undefined }): Promise<Decision> {
      const { c, records } = await decisions(ctx);
      return records.decide(input.decisionId, { rationale: input.rationale, communicatedTo: input.told ?? [], decidedAt: c.now });
    },
    async listDecisions(ctx: CallContext, input: { overdue?: boolean | undefined; open?: boolean | undefined; limit: number }): Promise<{ items: Decision[] }> {
      const { c, records } = await decisions(ctx);
      return { items: await records.list({ ...(input.overdue === true ? { overdue: true } : {}), ...(input.open === true ? { open: true } : {}), limit: input.limit }, c.now) };
    },

    async addDelegation(ctx: CallContext, input: { task: string; to: string; control: number; handoff?: boolean | undefined }): Promise<Delegation> {
      const { records } = await delegations(ctx);
      return records.insert({ task: input.task, to: input.to, controlImpulse: input.control, handoffDone: input.handoff ?? false });
    },
    async closeDelegation(ctx: CallContext, input: { delegationId: string; outcome: DelegationOutcome; handoff?: boolean | undefined }): Promise<Delegation> {
      const { c, records } = await delegations(ctx);
      return records.close(input.delegationId, { outcome: input.outcome, ...(input.handoff !== undefined ? { handoffDone: input.handoff } : {}), at: c.now });
    },
    async listDelegations(ctx: CallContext, input: { limit: number }): Promise<{ items: Delegation[] }> {
      const { records } = await delegations(ctx);
      return { items: await records.list({ limit: input.limit }) };
    },
  };
}
