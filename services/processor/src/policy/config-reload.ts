import { CONFIG_FILE_PATH, CONFIG_STATUS_CONTEXT, policyOf, policyPublisher, validateConfigText, type ConfigHolder } from '@clos/app';
import { sameRepo, type ClosConfig, type DomainEvent } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import type { Logger } from '@clos/platform';
import type pg from 'pg';
import type { WorkflowRoute } from '../routing/workflow-ops.js';

/** Dependencies of {@link ConfigReloader}. */
export interface ConfigReloaderOptions {
  holder: ConfigHolder;
  github: GithubClient;
  /** Publishes the new policy as a version in Postgres (every process follows it) when given. */
  pool?: pg.Pool;
  explainUrl?: (repo: string, sha: string) => string;
  /** Runs after a new policy is in force: brings schedules (standup reminders) in line with it. */
  afterReload?: (config: ClosConfig) => Promise<unknown>;
  logger?: Logger;
}

/**
 * Policy as code: a push to the config repository's default branch that changes clos.yml
 * reloads it. The file is read at the pushed commit and validated; a valid one is published
 * as a new policy version (with a pool; every process follows it, and the pods' workflows
 * get their new limits from the policy follower), else it replaces this process's policy and
 * the new limits are the returned routes. An invalid one changes nothing and gets a red
 * `clos/config` status on the commit, so the team sees why the change did not take.
 */
export class ConfigReloader {
  /** When the policy in force was pushed: a late, older push must not roll it back. */
  private appliedAt: string | undefined;

  constructor(private readonly options: ConfigReloaderOptions) {}

  /** Whether the push touches clos.yml on the config repository. */
  concerns(event: DomainEvent<'push.default_branch'>): boolean {
    const configRepo = this.options.holder.current().configRepo;
    if (configRepo === undefined || !sameRepo(configRepo, event.payload.repo)) return false;
    const { added, modified, removed } = event.payload;
    return [...added, ...modified, ...removed].includes(CONFIG_FILE_PATH);
  }

  /** Reloads from the pushed commit; answers the setPolicy routes for the pods. */
  async reload(event: DomainEvent<'push.default_branch'>): Promise<WorkflowRoute[]> {
    const { repo, after } = event.payload;
    const log = this.options.logger?.child({ repo, sha: after, eventId: event.id });
    if (this.appliedAt !== undefined && Date.parse(event.occurredAt) < Date.parse(this.appliedAt)) {
      log?.info('clos.yml: a newer push is already in force; this one is skipped');
      return [];
    }
    const text = await this.options.github.getFileContent(repo, CONFIG_FILE_PATH, after);
    if (text === null) {
      log?.warn('clos.yml was removed from the config repository; the policy in force stays');
      await this.post(repo, after, 'failure', `${CONFIG_FILE_PATH} is deleted; the policy in force stays`);
      return [];
    }
    const validation = validateConfigText(text);
    if (!validation.valid) {
      log?.warn({ issues: validation.issues }, 'clos.yml is invalid; the policy in force stays');
      await this.post(repo, after, 'failure', validation.summary);
      return [];
    }
    const config = validation.config;
    const reason = `clos.yml changed in ${repo}@${after.slice(0, 7)}`;
    if (this.options.pool !== undefined) {
      const outcome = await policyPublisher(this.options.pool, this.options.holder).publish({
        config,
        source: 'push',
        actor: `push:${repo}`,
        reason,
        commitSha: after,
        pushedAt: event.occurredAt,
        correlationId: event.correlationId,
      });
      if (outcome.status === 'stale') {
        log?.info({ version: outcome.version }, 'clos.yml: a newer push is already in force; this one is skipped');
        return [];
      }
      this.appliedAt = event.occurredAt;
      log?.info({ pods: config.pods.length, projects: config.projects.length, version: outcome.version }, 'clos.yml reloaded');
      await this.post(repo, after, 'success', `${validation.summary}; in force as policy version ${outcome.version}`);
      await this.options.afterReload?.(config);
      return [];
    }
    this.options.holder.replace(config);
    this.appliedAt = event.occurredAt;
    log?.info({ pods: config.pods.length, projects: config.projects.length }, 'clos.yml reloaded');
    await this.post(repo, after, 'success', `${validation.summary}; in force`);
    await this.options.afterReload?.(config);
    return policyRoutes(config, event, reason);
  }

  private async post(repo: string, sha: string, state: 'success' | 'failure', description: string): Promise<void> {
    await this.options.github.setCommitStatus({
      repo,
      sha,
      context: CONFIG_STATUS_CONTEXT,
      state,
      description,
      targetUrl: this.options.explainUrl?.(repo, sha) ?? null,
    });
  }
}

/** A setPolicy for every pod: lowering never evicts a holder, raising promotes from the queue. */
export function policyRoutes(config: ClosConfig, event: DomainEvent, reason: string): WorkflowRoute[] {
  return config.pods.map((pod) => ({
    target: 'pod',
    podId: pod.id,
    key: `${event.id}:policy:${pod.id}`,
    op: { type: 'setPolicy', input: { policy: policyOf(pod), actor: 'clos.yml', reason } },
  }));
}
