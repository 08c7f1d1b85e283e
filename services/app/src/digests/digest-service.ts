import { randomUUID } from 'node:crypto';
import { writeTemplateDigest, type WrittenDigest } from '@clos/ai';
import { digestPeople, digestPerson, forbidden, notFound, roleAtLeast, type ClosConfig, type DigestKind, type DigestPerson } from '@clos/domain';
import type { ConfigSource } from '@clos/platform';
import { createPgDigestStore, gatherDigestFacts, renderDigest, runPersonDigest, type DigestRecord, type PersonDigestResult, type RenderedDigest } from '@clos/workflows/client';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { CallContext } from '../access/authorize-services.js';
import { isOrgAdmin, roleInPod } from '../access/token-roles.js';
import { withTimeout } from '../enforcement/with-timeout.js';

/** What the digest services read and write through. */
export interface DigestServiceDependencies {
  pool: pg.Pool;
  temporal: Client;
  config: ConfigSource;
  taskQueue?: string;
  now: () => Date;
  /** Base of links in previews (dashboard, explain pages). */
  publicUrl?: string;
  /** How long an on-demand run may take before the call answers 503 (default 60 s). */
  runTimeoutMs?: number;
}

/** A digest as the api lists it: what was sent, by which writer, at what cost. */
export interface DigestSummary {
  id: string;
  personId: string;
  kind: DigestKind;
  localDay: string;
  timezone: string;
  trigger: DigestRecord['trigger'];
  status: DigestRecord['status'];
  writer: NonNullable<DigestRecord['writer']> | null;
  model: string | null;
  fallbackReason: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  headline: string | null;
  claimedAt: string;
  sentAt: string | null;
  error: string | null;
}

/** The answer of an on-demand run. */
export interface DigestRunOutcome {
  status: PersonDigestResult['status'];
  reason?: string;
  digest?: DigestSummary;
}

function summary(record: DigestRecord): DigestSummary {
  return {
    id: record.id,
    personId: record.personId,
    kind: record.kind,
    localDay: record.localDay,
    timezone: record.timezone,
    trigger: record.trigger,
    status: record.status,
    writer: record.writer ?? null,
    model: record.model ?? null,
    fallbackReason: record.fallbackReason ?? null,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    costUsd: record.costUsd,
    headline: record.content?.headline ?? null,
    claimedAt: record.claimedAt,
    sentAt: record.sentAt ?? null,
    error: record.error ?? null,
  };
}

/** The person a token or session acts for (`clos token create --person`), if any. */
async function callerPerson(pool: pg.Pool, ctx: CallContext): Promise<string | undefined> {
  const { rows } = await pool.query<{ person_id: string | null }>('SELECT person_id FROM api_tokens WHERE id = $1', [ctx.principal.tokenId]);
  return rows[0]?.person_id ?? undefined;
}

/** Whether the caller leads (or administers) one of the person's pods. */
function leadsPersonOf(ctx: CallContext, person: DigestPerson): boolean {
  if (isOrgAdmin(ctx.principal.roles)) return true;
  return person.pods.some((pod) => {
    const role = roleInPod(ctx.principal.roles, pod.podId);
    return role !== undefined && roleAtLeast(role, 'lead');
  });
}

/**
 * Digests on demand and their record. A digest is the person's own: the person themself
 * (a token or session acting for them) or a lead of one of their pods may run one; the
 * listing shows the caller's own and those of the people in pods they lead (all for an
 * organisation admin). Access is decided here because it turns on the person, not a pod
 * the input names; the rules table only requires a valid caller and audits the run.
 */
export function digestService(deps: DigestServiceDependencies) {
  const store = createPgDigestStore(deps.pool);
  const personOf = (cfg: ClosConfig, personId: string): DigestPerson => {
    const person = digestPerson(cfg, personId);
    if (person === undefined) throw notFound(`No person "${personId}" in clos.yml`, { personId });
    return person;
  };
  const assertMayAct = async (ctx: CallContext, person: DigestPerson): Promise<void> => {
    if ((await callerPerson(deps.pool, ctx)) === person.personId || leadsPersonOf(ctx, person)) return;
    throw forbidden(`A digest of ${person.personId} may be run or read only by ${person.personId} or a lead of their pod`, { personId: person.personId });
  };

  return {
    /** Runs the person's digest of `kind` now: sends the DM, or finds today's already sent. */
    async runDigest(ctx: CallContext, input: { personId: string; kind: DigestKind }): Promise<DigestRunOutcome> {
      const person = personOf(deps.config.current(), input.personId);
      await assertMayAct(ctx, person);
      const result = await withTimeout(
        runPersonDigest(deps.temporal, { personId: person.personId, kind: input.kind, requestId: randomUUID(), ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}) }),
        deps.runTimeoutMs ?? 60_000,
        'the digest run',
      );
      if (result.status === 'skipped') return { status: 'skipped', reason: result.reason };
      const record = await store.get(result.digestId);
      return {
        status: result.status,
        ...(result.status === 'failed' ? { reason: result.error } : {}),
        ...(record !== undefined ? { digest: summary(record) } : {}),
      };
    },

    /** Digests sent (or tried): the caller's own and those of the people they lead. */
    async listDigests(ctx: CallContext, input: { personId?: string; kind?: DigestKind; limit?: number }): Promise<{ items: DigestSummary[] }> {
      const cfg = deps.config.current();
      const own = await callerPerson(deps.pool, ctx);
      if (input.personId !== undefined) {
        const person = personOf(cfg, input.personId);
        await assertMayAct(ctx, person);
        const items = await store.list({ personId: person.personId, ...(input.kind !== undefined ? { kind: input.kind } : {}), ...(input.limit !== undefined ? { limit: input.limit } : {}) });
        return { items: items.map(summary) };
      }
      const visible = isOrgAdmin(ctx.principal.roles)
        ? undefined
        : digestPeople(cfg)
            .filter((p) => p.personId === own || leadsPersonOf(ctx, p))
            .map((p) => p.personId);
      const items = await store.list({ ...(visible !== undefined ? { personIds: visible } : {}), ...(input.kind !== undefined ? { kind: input.kind } : {}), ...(input.limit !== undefined ? { limit: input.limit } : {}) });
      return { items: items.map(summary) };
    },
  };
}

/** The digest services. */
export type DigestServices = ReturnType<typeof digestService>;

/**
 * What a person's digest of `kind` would say now, written by the template and sent to
 * nobody (Slack's `/digest`): no model call, no record, no cost.
 */
export async function previewDigest(
  deps: Pick<DigestServiceDependencies, 'pool' | 'config' | 'now' | 'publicUrl'>,
  input: { personId: string; kind: DigestKind },
): Promise<{ digest: WrittenDigest; rendered: RenderedDigest }> {
  const cfg = deps.config.current();
  const person = digestPerson(cfg, input.personId);
  if (person === undefined) throw notFound(`No person "${input.personId}" in clos.yml`, { personId: input.personId });
  const now = deps.now();
  const publicUrl = deps.publicUrl ?? 'http://localhost:8080';
  const { facts } = await gatherDigestFacts(deps.pool, { person, kind: input.kind, now, publicUrl });
  const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: person.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const digest = writeTemplateDigest({ kind: input.kind, personName: person.name, localDay, facts });
  return { digest, rendered: renderDigest(digest, facts, `${publicUrl.replace(/\/+$/, '')}/`) };
}
