import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../../services/api/src/server.js';
import { createLoginLink } from '../../../../services/api/src/auth/session.js';
import { insertToken } from '../../../../services/api/src/auth/token-store.js';
import { createSlackBot } from '../../../../services/api/src/slack/index.js';
import type { DataKeyring } from '../../../../services/api/src/leadership/index.js';
import type { IdempotencyStore } from '@clos/platform';
import type { PodRoles } from '@clos/app';
import { startEnforcementStack, type EnforcementStack } from '../../../../services/api/test/support/enforcement-stack.js';

/** The whole of CLOS with the dashboard served by its api, as `npm run up` runs it. */
export interface DashboardStack {
  /** The api serving the dashboard at `/`, the REST API, /auth and /why: one origin. */
  url: string;
  enforcement: EnforcementStack;
  app: FastifyInstance;
  /**
   * A one-time login link that opens a browser session with `roles` (named `name`), then goes
   * to `next`; the session acts for `personId` (a clos.yml member) when given.
   */
  loginLink(roles: PodRoles, next?: string, name?: string, personId?: string): Promise<string>;
  /** A bearer token with `roles`, for calls the test makes itself; acting for `personId` when given. */
  token(roles: PodRoles, personId?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the api, processor and worker on the real servers of the jest global setup (see
 * services/api/test/support/enforcement-stack.ts), plus an api on one origin serving the
 * dashboard export, the REST API, the login links and the explanation pages.
 */
export async function startDashboardStack(options: {
  closYml: string;
  dashboardDir: string;
  /** Also serve the Slack bot at `POST /slack/events`, verifying with this secret (messages go to the dry-run sink). */
  slackSigningSecret?: string;
  /** The leadership records' keys (CLOS_DATA_KEY); without them those routes answer 503. */
  dataKeys?: DataKeyring;
}): Promise<DashboardStack> {
  const enforcement = await startEnforcementStack({ closYml: options.closYml });
  try {
    const { pool, temporal, config, taskQueue } = enforcement;
    const slack =
      options.slackSigningSecret === undefined
        ? undefined
        : createSlackBot({ signingSecret: options.slackSigningSecret, config, pool, temporal, taskQueue, idempotency: memoryClaims() });
    const app = await buildServer({
      ...(slack !== undefined ? { slack } : {}),
      healthChecks: [],
      rest: { pool, temporal, config, taskQueue, workflowTimeoutMs: 20_000, ...(options.dataKeys !== undefined ? { dataKeys: options.dataKeys } : {}) },
      explain: { temporal, config, access: { db: pool } },
      dashboardDir: options.dashboardDir,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return {
      url,
      enforcement,
      app,
      async loginLink(roles, next = '/', name = 'dashboard test', personId) {
        const link = await createLoginLink(pool, { roles, name, createdBy: 'test', now: new Date(), ...(personId !== undefined ? { personId } : {}) });
        return `${url}/auth/link?token=${encodeURIComponent(link.token)}&next=${encodeURIComponent(next)}`;
      },
      async token(roles, personId) {
        return (await insertToken(pool, { name: 'dashboard test', roles, expiresAt: null, createdBy: 'test', ...(personId !== undefined ? { personId } : {}) })).token;
      },
      async close() {
        await app.close().catch(() => undefined);
        await enforcement.close();
      },
    };
  } catch (error) {
    await enforcement.close();
    throw error;
  }
}

/** Slack retry claims in memory: one api process serves the tests' Slack requests. */
function memoryClaims(): IdempotencyStore {
  const held = new Map<string, string>();
  return {
    claim: (key) => Promise.resolve(held.has(key) ? false : (held.set(key, ''), true)),
    claimAs: (key, holder) => Promise.resolve(held.get(key) ?? (held.set(key, holder), holder)),
    isClaimed: (key) => Promise.resolve(held.has(key)),
    release: (key) => Promise.resolve(void held.delete(key)),
  };
}
