import { digestPerson, type ClosConfig, type DigestPerson } from '@clos/domain';
import {
  addDays,
  computePeriodReview,
  createFieldCipher,
  decisionRecords,
  hasLeadershipRecords,
  localDate,
  monthStart,
  reviewSlackText,
  weekStart,
  type DataKeyring,
  type FieldCipher,
  type Queryable,
} from '@clos/platform';
import { isWorkingDay, type SendInput, type SendOutcome } from '@clos/slack';
import { consoleActivityLogger } from './console-logger.js';
import type { LeadershipActivities } from './leadership-types.js';
import type { ActivityLogger } from './ports.js';

/** Dependencies of {@link createLeadershipActivities}. */
export interface LeadershipActivityDependencies {
  /** The current clos.yml; `undefined` when none is loaded (every run is skipped). */
  config: () => ClosConfig | undefined;
  db: Queryable;
  /** Keys of the records' encrypted text (CLOS_DATA_KEY); without them every run is skipped, saying so. */
  dataKeys: DataKeyring | undefined;
  /** The Slack sender (`SlackNotifier`): deduplicated by key. */
  messenger: { send(input: SendInput): Promise<SendOutcome> };
  clock?: () => Date;
  logger?: ActivityLogger;
}

const HOUR = 3_600_000;

/**
 * Builds the leadership schedules' activities. A review covers the period that ended
 * before the run's local day (Monday's weekly review the week before, the first's monthly
 * review the month before), is computed by the same code REST and the CLI use, stored, and
 * sent to the person once per period; decisions open past 48 hours go to the person once per
 * local working day. Nothing is sent to anyone else, and nothing a person wrote is returned
 * into the workflow's history.
 */
export function createLeadershipActivities(deps: LeadershipActivityDependencies): LeadershipActivities {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? consoleActivityLogger;
  const cipher = deps.dataKeys !== undefined ? createFieldCipher(deps.dataKeys) : undefined;

  const personOf = (personId: string): { skipped: string } | { person: DigestPerson; slack: string; cipher: FieldCipher } => {
    const cfg = deps.config();
    const person = cfg !== undefined ? digestPerson(cfg, personId) : undefined;
    if (person === undefined) return { skipped: `${personId} is not in clos.yml` };
    if (person.slack === undefined) return { skipped: `${person.personId} has no Slack id in clos.yml` };
    if (cipher === undefined) return { skipped: 'no CLOS_DATA_KEY: leadership records cannot be read' };
    return { person, slack: person.slack, cipher };
  };

  return {
    async generateReview({ personId, kind }) {
      const started = Date.now();
      const found = personOf(personId);
      if ('skipped' in found) return { status: 'skipped', reason: found.skipped };
      const { person, slack } = found;
      if (!(await hasLeadershipRecords(deps.db, person.personId))) return { status: 'skipped', reason: `${person.personId} keeps no leadership records` };
      const now = clock();
      const today = localDate(now, person.timezone);
      const lastDayBefore = addDays(kind === 'weekly' ? weekStart(today) : monthStart(today), -1);
      const { review, figures } = await computePeriodReview(deps.db, { cipher: found.cipher, personId: person.personId, kind, date: lastDayBefore, timeZone: person.timezone, now });
      const period = { periodStart: figures.from, periodEnd: figures.to };
      const sent = await deps.messenger.send({
        channel: slack,
        kind: `leadership.review.${kind}`,
        text: reviewSlackText({ kind, focus: review.focus, secondary: review.secondary, figures }),
        key: `leadership-review:${person.personId}:${kind}:${figures.from}`,
      });
      const ms = Date.now() - started;
      logger.info({ personId: person.personId, kind, ...period, ms, outcome: sent.status }, 'leadership review generated');
      if (sent.status === 'no_channel') return { status: 'stored', ...period, ms, reason: 'no direct message channel' };
      return { status: 'sent', ...period, ms };
    },

    async sendDecisionsDue({ personId, trigger }) {
      const found = personOf(personId);
      if ('skipped' in found) return { status: 'skipped', reason: found.skipped };
      const { person, slack } = found;
      const now = clock();
      const day = localDate(now, person.timezone);
      if (trigger === 'schedule' && !isWorkingDay(day)) return { status: 'skipped', reason: `${day} is not a working day` };
      const overdue = await decisionRecords(deps.db, found.cipher, person.personId).list({ overdue: true, limit: 50 }, now);
      if (overdue.length === 0) return { status: 'none' };
      const lines = overdue.map((d) => {
        const days = Math.floor((now.getTime() - Date.parse(d.openedAt)) / (24 * HOUR));
        return `• ${d.text} (${d.type}, open ${days} day${days === 1 ? '' : 's'}) — \`clos decision decide ${d.id} --rationale …\``;
      });
      await deps.messenger.send({
        channel: slack,
        kind: 'leadership.decisions-due',
        text: [`:hourglass: *${overdue.length} decision${overdue.length === 1 ? '' : 's'} open past 48 hours*`, ...lines, '_Decide, or say why not yet: an open decision costs attention every day._'].join('\n'),
        key: `leadership-decisions-due:${person.personId}:${day}`,
      });
      logger.info({ personId: person.personId, overdue: overdue.length }, 'decisions due sent');
      return { status: 'sent', overdue: overdue.length };
    },
  };
}
