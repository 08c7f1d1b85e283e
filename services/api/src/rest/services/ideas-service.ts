import type { CallContext } from '@clos/app';
import { conflict, forbidden, invalidInput, notFound, podById, type ClosConfig } from '@clos/domain';
import { createPgIdeaStore, type IceScores, type IdeaRecord } from '@clos/platform';
import { actingPerson, requireActingPerson } from './acting-person.js';
import type { ServiceDependencies } from './service-context.js';

/** An idea as someone submits it; `podId` when it belongs to a pod. */
export interface IdeaSubmission extends IceScores {
  podId?: string;
  title: string;
  problem: string;
  /** Names the submission, so a retried one creates nothing twice. */
  submissionKey?: string;
}

/**
 * Names an idea and the pod it is judged in: the pod clos.yml still lists, or none (then a
 * lead of any pod decides). A pod that does not match the idea's is answered NotFound.
 */
export interface IdeaRef {
  ideaId: number;
  podId?: string;
}

/** The pod an idea is judged in: its pod while clos.yml lists it, else none. */
export function ideaPod(cfg: ClosConfig, idea: IdeaRecord): string | undefined {
  return idea.podId !== undefined && podById(cfg, idea.podId) !== undefined ? idea.podId : undefined;
}

/** The repository an idea's issue goes to: the first repository of its pod, else the config repository. */
export function issueRepoFor(cfg: ClosConfig, idea: IdeaRecord): string | undefined {
  const pod = idea.podId !== undefined ? podById(cfg, idea.podId) : undefined;
  return pod?.repos[0] ?? cfg.configRepo;
}

function checkScores(scores: IceScores): void {
  for (const name of ['impact', 'confidence', 'ease'] as const) {
    const value = scores[name];
    if (!Number.isInteger(value) || value < 1 || value > 10) throw invalidInput(`${name}: a whole number from 1 to 10, not ${String(value)}`);
  }
}

/** The idea ledger: submitting, ICE scoring, the leads' decisions and the GitHub issue an accepted idea becomes. */
export function ideasService(deps: ServiceDependencies) {
  const ideas = createPgIdeaStore(deps.pool);

  const ideaOf = async (input: IdeaRef): Promise<IdeaRecord> => {
    const idea = await ideas.get(input.ideaId);
    if (idea === undefined || ideaPod(deps.config.current(), idea) !== input.podId) {
      throw notFound(`There is no idea #${input.ideaId}${input.podId !== undefined ? ` in pod ${input.podId}` : ''}.`, { ideaId: input.ideaId });
    }
    return idea;
  };
  const rescore = async (idea: IdeaRecord, scores: IceScores) => {
    checkScores(scores);
    const updated = await ideas.rescore(idea.id, { impact: scores.impact, confidence: scores.confidence, ease: scores.ease });
    if (updated === undefined) throw notFound(`There is no idea #${idea.id}.`, { ideaId: idea.id });
    return { before: idea, idea: updated };
  };

  return {
    /** Adds an idea to the ledger, scored impact × confidence × ease. */
    async submitIdea(ctx: CallContext, input: IdeaSubmission): Promise<{ idea: IdeaRecord; created: boolean }> {
      const submittedBy = await requireActingPerson(deps, ctx, 'an idea');
      if (input.podId !== undefined && podById(deps.config.current(), input.podId) === undefined) throw notFound(`No pod "${input.podId}" in clos.yml`, { podId: input.podId });
      const title = input.title.trim();
      if (title === '' || title.length > 200) throw invalidInput('title: 1 to 200 characters');
      if (input.problem.trim() === '') throw invalidInput('problem: say what problem the idea solves');
      checkScores(input);
      return ideas.create({
        ...(input.podId !== undefined ? { podId: input.podId } : {}),
        title,
        problem: input.problem,
        impact: input.impact,
        confidence: input.confidence,
        ease: input.ease,
        submittedBy,
        ...(input.submissionKey !== undefined ? { submissionKey: input.submissionKey } : {}),
      });
    },

    /** Re-scores an idea: a lead's call. */
    async rescoreIdea(_ctx: CallContext, input: IdeaRef & IceScores) {
      return rescore(await ideaOf(input), input);
    },

    /** Re-scores the caller's own idea. */
    async rescoreOwnIdea(ctx: CallContext, input: IdeaRef & IceScores) {
      const idea = await ideaOf(input);
      const person = await requireActingPerson(deps, ctx, 'an idea');
      if (idea.submittedBy !== person) throw forbidden(`Idea #${idea.id} is not yours to re-score`, { ideaId: idea.id, submittedBy: idea.submittedBy });
      return rescore(idea, input);
    },

    /** Accepts or rejects an idea, with the reason kept in its history; `changed: false` when it already was. */
    async decideIdea(
      ctx: CallContext,
      input: IdeaRef & { status: 'accepted' | 'rejected'; reason: string },
    ): Promise<{ idea: IdeaRecord; changed: boolean }> {
      const idea = await ideaOf(input);
      const reason = input.reason.trim();
      if (reason === '') throw invalidInput('reason: say why');
      const actor = (await actingPerson(deps, ctx)) ?? ctx.actor;
      const result = await ideas.setStatus(idea.id, input.status, actor, reason);
      if (result === undefined) throw notFound(`There is no idea #${idea.id}.`, { ideaId: idea.id });
      return result;
    },

    /**
     * Turns an accepted idea into a GitHub issue in its pod's first repository (or the config
     * repository), linked back to the idea. An idea becomes one issue at most: `opened: false`
     * with the issue it already is.
     */
    async openIdeaIssue(ctx: CallContext, input: IdeaRef): Promise<{ idea: IdeaRecord; opened: boolean; issue: { repo: string; number: number; url: string } }> {
      const idea = await ideaOf(input);
      const cfg = deps.config.current();
      if (deps.github === undefined) throw invalidInput('GitHub is not configured for CLOS, so ideas cannot become issues.');
      if (idea.status !== 'accepted') throw conflict(`Idea #${idea.id} is ${idea.status}; only accepted ideas become issues.`, { status: idea.status });
      if (idea.github !== undefined) return { idea, opened: false, issue: { repo: idea.github.repo, number: idea.github.number, url: idea.github.url } };
      const repo = issueRepoFor(cfg, idea);
      if (repo === undefined) throw invalidInput(`Idea #${idea.id} has no pod with a repository to open the issue in.`);
      const issue = await deps.github.createIssue(repo, {
        title: idea.title,
        body: [
          idea.problem,
          '',
          `ICE score ${idea.iceScore} (impact ${idea.impact}, confidence ${idea.confidence}, ease ${idea.ease}).`,
          `Idea #${idea.id} in CLOS, accepted by ${(await actingPerson(deps, ctx)) ?? ctx.actor}.`,
        ].join('\n'),
        labels: ['idea'],
      });
      const linked = await ideas.linkIssue(idea.id, { repo, number: issue.number, url: issue.url });
      return { idea: linked ?? idea, opened: true, issue: { repo, number: issue.number, url: issue.url } };
    },
  };
}
