import type { DigestWriter } from '@clos/ai';
import { digestPerson, type ClosConfig } from '@clos/domain';
import { isWorkingDay, localDay, type SendInput, type SendOutcome } from '@clos/slack';
import { renderDigest } from '../digests/digest-blocks.js';
import type { DigestStore } from '../digests/digest-store.js';
import { gatherDigestFacts, type Queryable } from '../digests/gather-digest-facts.js';
import { consoleActivityLogger } from './console-logger.js';
import type { DigestActivities } from './digest-types.js';
import type { ActivityLogger } from './ports.js';


/** Dependencies of {@link createDigestActivities}. */
export interface DigestActivityDependencies {
  /** The current clos.yml; `undefined` when none is loaded (every run is skipped). */
  config: () => ClosConfig | undefined;
  db: Queryable;
  store: DigestStore;
  /** Builds the writer for an organisation (its budget reads the store's monthly sum). */
  writerFor: (orgId: string) => DigestWriter;
  /** The Slack sender (`SlackNotifier`): deduplicated by key; throws on Slack errors. */
  messenger: { send(input: SendInput): Promise<SendOutcome> };
  publicUrl: string;
  clock?: () => Date;
  logger?: ActivityLogger;
}

/**
 * Builds the digest activities. `prepareDigest` claims the person's digest of the kind and
 * local day (a second run finds the claim and stops, whatever started it), gathers facts
 * and writes once (a retry reuses what was written); `sendDigest` posts the DM under the
 * digest's key, so a retried send never posts twice; `reportDigestFailure` marks the digest
 * failed and tells the organisation's alerts channel once.
 */
export function createDigestActivities(deps: DigestActivityDependencies): DigestActivities {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? consoleActivityLogger;
  const dashboardUrl = `${deps.publicUrl.replace(/\/+$/, '')}/`;

  return {
    async prepareDigest(input) {
      const cfg = deps.config();
      const person = cfg !== undefined ? digestPerson(cfg, input.personId) : undefined;
      if (cfg === undefined || person === undefined) {
        logger.warn({ personId: input.personId }, 'digest: person not in clos.yml; skipped');
        return { status: 'skipped', reason: `${input.personId} is not in clos.yml` };
      }
      if (person.slack === undefined) {
        logger.info({ personId: person.personId }, 'digest: person has no Slack id; skipped');
        return { status: 'skipped', reason: `${person.personId} has no Slack id in clos.yml` };
      }
      const now = clock();
      const day = localDay(now, person.timezone);
      if (input.trigger === 'schedule' && !isWorkingDay(day)) return { status: 'skipped', reason: `${day} is not a working day` };
      const { record, owned } = await deps.store.claim({
        orgId: cfg.org,
        personId: person.personId,
        kind: input.kind,
        localDay: day,
        timezone: person.timezone,
        trigger: input.trigger,
        owner: input.runKey,
      });
      if (!owned || record.status === 'sent' || record.status === 'failed' || record.status === 'skipped') return { status: 'duplicate', digestId: record.id };
      if (record.status === 'claimed') {
        const gathered = await gatherDigestFacts(deps.db, { person, kind: input.kind, now, publicUrl: deps.publicUrl });
        const written = await deps.writerFor(cfg.org).write({ kind: input.kind, personName: person.name, localDay: day, facts: gathered.facts });
        await deps.store.saveWritten(record.id, written, gathered.facts);
        logger.info({ digestId: record.id, personId: person.personId, kind: input.kind, writer: written.writer, fallback: written.fallbackReason, facts: gathered.facts.length }, 'digest written');
      }
      return { status: 'ready', digestId: record.id };
    },

    async sendDigest({ digestId }) {
      const record = await deps.store.get(digestId);
      if (record === undefined) throw new Error(`digest ${digestId} not found`);
      if (record.status === 'sent') return { channel: record.slackChannel ?? '', ...(record.slackTs !== undefined ? { ts: record.slackTs } : {}) };
      if (record.content === undefined) throw new Error(`digest ${digestId} has not been written`);
      const cfg = deps.config();
      const slack = cfg !== undefined ? digestPerson(cfg, record.personId)?.slack : undefined;
      if (slack === undefined) throw new Error(`${record.personId} has no Slack id in clos.yml`);
      const rendered = renderDigest(record.content, record.facts ?? [], dashboardUrl);
      const outcome = await deps.messenger.send({ channel: slack, kind: `digest.${record.kind}`, text: rendered.text, blocks: rendered.blocks, key: `digest:${record.id}` });
      const ts = outcome.status === 'sent' ? outcome.ts : undefined;
      await deps.store.markSent(record.id, slack, ts);
      return { channel: slack, ...(ts !== undefined ? { ts } : {}) };
    },

    async reportDigestFailure({ digestId, error }) {
      await deps.store.markFailed(digestId, error);
      const record = await deps.store.get(digestId);
      const channel = deps.config()?.alertsChannel;
      if (record === undefined || channel === undefined) {
        logger.warn({ digestId, error }, 'digest could not be delivered and no alertsChannel is configured');
        return { alerted: false };
      }
      if (record.alertedAt !== undefined) return { alerted: false };
      const outcome = await deps.messenger.send({
        channel,
        kind: 'digest.failed',
        text: `:warning: The ${record.kind} digest of ${record.personId} for ${record.localDay} could not be delivered after retries: ${error.slice(0, 300)}`,
        key: `digest-alert:${record.id}`,
      });
      await deps.store.markAlerted(record.id);
      return { alerted: outcome.status === 'sent' };
    },
  };
}
