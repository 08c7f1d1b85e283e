import { personId, podById, roleAtLeast, workItemLabel, type ClosConfig, type PodConfig } from '@clos/domain';
import { formatDay, isWorkingDay, localDay, nextWorkingDay, type SendInput, type SendOutcome } from '@clos/slack';
import type { DemoStore, StandupStore } from '@clos/platform';
import { consoleActivityLogger } from './console-logger.js';
import type { ActivityLogger } from './ports.js';
import type { PodRoutineInput, StandupActivities } from './standup-types.js';

/** Days a blocker may stay open before it is escalated, unless the pod's health thresholds say otherwise. */
export const DEFAULT_BLOCKER_ESCALATION_DAYS = 3;

/** Dependencies of {@link createStandupActivities}. */
export interface StandupActivityDependencies {
  /** The current clos.yml; `undefined` when none is loaded (nothing is sent). */
  config: () => ClosConfig | undefined;
  standups: StandupStore;
  demos: DemoStore;
  /** The Slack sender (`SlackNotifier` of @clos/slack): deduplicated by key, paced per channel. */
  messenger: { send(input: SendInput): Promise<SendOutcome> };
  clock?: () => Date;
  logger?: ActivityLogger;
}

/** Builds the activities of the standup reminder. All are safe to retry: every message has a key. */
export function createStandupActivities(deps: StandupActivityDependencies): StandupActivities {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? consoleActivityLogger;

  const podOf = (podId: string): { cfg: ClosConfig; pod: PodConfig } | undefined => {
    const cfg = deps.config();
    const pod = cfg !== undefined ? podById(cfg, podId) : undefined;
    if (cfg === undefined || pod === undefined) {
      logger.warn({ podId }, 'standup reminder: pod not in clos.yml; nothing sent');
      return undefined;
    }
    return { cfg, pod };
  };
  const sent = (outcome: SendOutcome): number => (outcome.status === 'sent' ? 1 : 0);

  return {
    async nudgeMissingStandups({ podId }: PodRoutineInput): Promise<number> {
      const found = podOf(podId);
      if (found === undefined) return 0;
      const { cfg, pod } = found;
      const day = localDay(clock(), cfg.timezone);
      if (!isWorkingDay(day)) return 0;
      const answered = new Set(await deps.standups.respondents(pod.id, day));
      let count = 0;
      for (const member of pod.members) {
        if (member.slack === undefined || !roleAtLeast(member.role, 'member') || answered.has(personId(member))) continue;
        count += sent(
          await deps.messenger.send({
            channel: member.slack,
            kind: 'standup.reminder',
            text: `:wave: Your standup for *${pod.name}* (${formatDay(day)}) is not in yet. \`/unblock\` takes a minute: yesterday, today, blockers, confidence.`,
            key: `standup-nudge:${pod.id}:${day}:${personId(member)}`,
          }),
        );
      }
      return count;
    },

    async escalateStaleBlockers({ podId }: PodRoutineInput): Promise<number> {
      const found = podOf(podId);
      if (found === undefined) return 0;
      const { pod } = found;
      const days = pod.healthThresholds?.blockerAgeDays ?? DEFAULT_BLOCKER_ESCALATION_DAYS;
      const now = clock();
      const stale = await deps.standups.blockersToEscalate(pod.id, new Date(now.getTime() - days * 24 * 60 * 60 * 1000));
      if (stale.length === 0) return 0;
      const leads = pod.members.filter((m) => roleAtLeast(m.role, 'lead') && m.slack !== undefined);
      if (leads.length === 0) {
        logger.warn({ podId, blockers: stale.length }, 'standup reminder: stale blockers but the pod has no lead on Slack');
        return 0;
      }
      const owner = (id: string) => {
        const member = pod.members.find((m) => personId(m) === id);
        return member?.slack !== undefined ? `<@${member.slack}>` : (member?.name ?? id);
      };
      let count = 0;
      for (const blocker of stale) {
        const age = Math.floor((now.getTime() - blocker.openedAt.getTime()) / (24 * 60 * 60 * 1000));
        const item = blocker.workItemId !== undefined ? ` (on ${workItemLabel(blocker.workItemId)})` : '';
        for (const lead of leads) {
          count += sent(
            await deps.messenger.send({
              channel: lead.slack!,
              kind: 'blocker.escalated',
              text: `:rotating_light: A blocker in *${pod.name}* has been open for ${age} days: ${owner(blocker.personId)} — ${blocker.description}${item}. \`/unblock status ${pod.id}\` lists them all.`,
              key: `blocker-escalation:${blocker.id}:${personId(lead)}`,
            }),
          );
        }
      }
      // Marked only once every lead was told: a failure above leaves them for the retry.
      await deps.standups.markEscalated(
        stale.map((b) => b.id),
        leads.map((l) => personId(l)),
      );
      return count;
    },

    async remindDemos({ podId }: PodRoutineInput): Promise<number> {
      const found = podOf(podId);
      if (found === undefined) return 0;
      const { cfg, pod } = found;
      const today = localDay(clock(), cfg.timezone);
      const next = nextWorkingDay(today);
      const projectName = (id: string) => cfg.projects.find((p) => p.id === id)?.name ?? id;
      const reminders = [
        ...(await deps.demos.dueOn(pod.id, today)).map((demo) => ({ demo, when: 'morning' as const })),
        ...(await deps.demos.dueOn(pod.id, next)).map((demo) => ({ demo, when: 'eve' as const })),
      ];
      let count = 0;
      for (const { demo, when } of reminders) {
        const text =
          when === 'morning'
            ? `:tv: Demo #${demo.id} of *${projectName(demo.projectId)}* is today. Once it happened: \`/demo held ${demo.id}\`.`
            : `:tv: Reminder: demo #${demo.id} of *${projectName(demo.projectId)}* is on ${formatDay(demo.day)}.`;
        const scheduler = pod.members.find((m) => personId(m) === demo.scheduledBy)?.slack;
        const channel = pod.slackChannel ?? scheduler;
        if (channel === undefined) continue;
        count += sent(await deps.messenger.send({ channel, kind: 'demo.reminder', text, key: `demo-reminder:${demo.id}:${when}` }));
      }
      return count;
    },
  };
}
