import type { z } from 'zod';
import type { assessmentSchema, statementSchema } from '../schemas/briefing-schemas.js';

type Assessment = z.output<typeof assessmentSchema>;
type Statement = z.output<typeof statementSchema>;

const fmt = (n: number | null, unit: string) => (n === null ? 'no data' : `${n} ${unit}`);

/** The assessment's figures as sentences, each carrying the numbers it states. */
export function statementsOf(a: Omit<Assessment, 'window' | 'statements'>): Statement[] {
  const who = a.subject.kind === 'pod' ? `Pod ${a.subject.id}` : a.subject.id;
  const statements: Statement[] = [
    {
      topic: 'flow',
      text:
        a.flow.merged === 0
          ? `${who} merged nothing in the period.`
          : `${who} merged ${a.flow.merged} PRs; median cycle time ${fmt(a.flow.cycleTimeHours.p50, 'hours')} (85th percentile ${fmt(a.flow.cycleTimeHours.p85, 'hours')}).`,
      figures: { merged: a.flow.merged, cycleTimeP50Hours: a.flow.cycleTimeHours.p50, cycleTimeP85Hours: a.flow.cycleTimeHours.p85 },
    },
    {
      topic: 'wip',
      text:
        a.wip.open === 0
          ? `${who} has no work in progress.`
          : `${a.wip.open} items in progress; median age ${fmt(a.wip.ageHours.p50, 'hours')}, oldest ${fmt(a.wip.ageHours.max, 'hours')}${a.wip.oldest[0] ? ` (${a.wip.oldest[0].id})` : ''}.`,
      figures: { open: a.wip.open, ageP50Hours: a.wip.ageHours.p50, ageMaxHours: a.wip.ageHours.max, oldest: a.wip.oldest[0]?.id ?? null },
    },
    {
      topic: 'blockers',
      text: `${a.blockers.open} blockers open (median age ${fmt(a.blockers.openAgeDaysP50, 'days')}); ${a.blockers.opened} raised and ${a.blockers.resolved} resolved in the period.`,
      figures: { open: a.blockers.open, opened: a.blockers.opened, resolved: a.blockers.resolved, openAgeP50Days: a.blockers.openAgeDaysP50 },
    },
  ];
  const overdue = a.gates.projects.filter((p) => p.overdue);
  statements.push({
    topic: 'gates',
    text:
      `${a.gates.transitions} stage transitions and ${a.gates.evidence} pieces of evidence in the period; ` +
      (overdue.length === 0 ? 'no project over its stage time limit.' : `${overdue.length} over the stage time limit: ${overdue.map((p) => `${p.projectId} (${p.daysInStage} of ${p.limitDays} days in ${p.stage})`).join(', ')}.`),
    figures: { transitions: a.gates.transitions, evidence: a.gates.evidence, activeProjects: a.gates.projects.length, overdue: overdue.length },
  });
  const top = a.reviews.byReviewer[0];
  statements.push({
    topic: 'reviews',
    text:
      a.reviews.given === 0
        ? 'No reviews submitted in the period.'
        : `${a.reviews.given} reviews submitted${a.subject.kind === 'pod' && top ? `; ${top.reviewer} gave the most (${top.count}, ${Math.round((top.count / a.reviews.given) * 100)}%)` : ''}.`,
    figures: { given: a.reviews.given, reviewers: a.reviews.byReviewer.length, topReviewer: top?.reviewer ?? null, topReviewerCount: top?.count ?? null },
  });
  return statements;
}
