import type { LinearClient } from './linear-client.js';
import { consoleLogger, type IntegrationLogger } from './logger.js';

/** One call the dry-run client received instead of sending it. */
export interface DryRunLinearCall {
  operation: keyof LinearClient;
  args: Record<string, unknown>;
  at: string;
}

/** A {@link LinearClient} that sends nothing and remembers what it was asked. */
export interface DryRunLinearClient extends LinearClient {
  readonly calls: readonly DryRunLinearCall[];
}

/** Options of {@link createDryRunLinearClient}. */
export interface DryRunLinearClientOptions {
  log?: IntegrationLogger;
  now?: () => Date;
}

/**
 * The Linear client used when no API key is configured: each call is logged and recorded;
 * reads answer empty (a project with no issues).
 */
export function createDryRunLinearClient(options: DryRunLinearClientOptions = {}): DryRunLinearClient {
  const log = options.log ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  const calls: DryRunLinearCall[] = [];
  let nextId = 1;
  const record = (operation: keyof LinearClient, args: Record<string, unknown>, message: string): void => {
    calls.push({ operation, args, at: now().toISOString() });
    log.info({ dryRun: true, vendor: 'linear', operation, ...args }, `[dry-run] ${message}`);
  };
  return {
    calls,
    createComment: async (issueId, body) => {
      record('createComment', { issueId, body }, `would comment on ${issueId}`);
      return { id: `dry-run-comment-${nextId++}` };
    },
    listProjectIssues: async (projectIdOrName) => {
      record('listProjectIssues', { projectIdOrName }, `would list the issues of project ${projectIdOrName}`);
      return [];
    },
    addLabel: async (issueId, labelName) => {
      record('addLabel', { issueId, labelName }, `would label ${issueId} "${labelName}"`);
    },
  };
}
