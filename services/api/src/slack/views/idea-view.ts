import type { ClosConfig } from '@clos/domain';
import {
  actions,
  button,
  context,
  escapeText,
  link,
  modal,
  numberSelect,
  section,
  submittedValue,
  textInput,
  type KnownBlock,
  type ModalView,
} from '@clos/slack';
import type { IdeaRecord, IdeaStatusChange } from '@clos/platform';
import { personLabel } from '../caller.js';
import type { SlackReply } from '../reply.js';

/** Callback id of the idea modal. */
export const IDEA_CALLBACK = 'idea_submit';
/** Action id of "Open a GitHub issue" on an accepted idea. */
export const IDEA_ISSUE_ACTION = 'idea_github_issue';

/** Block and action ids of the modal's inputs. */
export const IDEA_FIELDS = {
  title: { block: 'title', action: 'title_input' },
  problem: { block: 'problem', action: 'problem_input' },
  impact: { block: 'impact', action: 'impact_select' },
  confidence: { block: 'confidence', action: 'confidence_select' },
  ease: { block: 'ease', action: 'ease_select' },
} as const;

/** What travels with the modal. */
export interface IdeaMetadata {
  podId?: string;
}

/** The modal of `/idea submit <title>`. */
export function ideaModal(title: string, podId: string | undefined): ModalView {
  const score = (field: { block: string; action: string }, label: string) =>
    numberSelect({ blockId: field.block, actionId: field.action, label, from: 1, to: 10, optionLabel: (n) => (n === 1 ? '1 — low' : n === 10 ? '10 — high' : String(n)) });
  return modal({
    callbackId: IDEA_CALLBACK,
    title: 'Submit an idea',
    submit: 'Submit',
    privateMetadata: JSON.stringify((podId !== undefined ? { podId } : {}) satisfies IdeaMetadata),
    blocks: [
      textInput({ blockId: IDEA_FIELDS.title.block, actionId: IDEA_FIELDS.title.action, label: 'Title', initial: title, maxLength: 200 }),
      textInput({ blockId: IDEA_FIELDS.problem.block, actionId: IDEA_FIELDS.problem.action, label: 'Problem: who hurts, how much, how we know', multiline: true, maxLength: 3000 }),
      score(IDEA_FIELDS.impact, 'Impact if it works'),
      score(IDEA_FIELDS.confidence, 'Confidence it will work'),
      score(IDEA_FIELDS.ease, 'Ease (10 = a day’s work)'),
      context('ICE score = impact × confidence × ease (1–1000).'),
    ],
  });
}

/** A submitted idea. */
export interface IdeaAnswers {
  title: string;
  problem: string;
  impact: number | undefined;
  confidence: number | undefined;
  ease: number | undefined;
}

type ViewValues = Parameters<typeof submittedValue>[0];

/** Reads the modal's answers. */
export function readIdea(values: ViewValues): IdeaAnswers {
  const text = (f: { block: string; action: string }) => (submittedValue(values, f.block, f.action) ?? '').trim();
  const score = (f: { block: string; action: string }) => {
    const n = Number(submittedValue(values, f.block, f.action));
    return Number.isInteger(n) && n >= 1 && n <= 10 ? n : undefined;
  };
  return {
    title: text(IDEA_FIELDS.title),
    problem: text(IDEA_FIELDS.problem),
    impact: score(IDEA_FIELDS.impact),
    confidence: score(IDEA_FIELDS.confidence),
    ease: score(IDEA_FIELDS.ease),
  };
}

/** Problems to show next to the inputs. */
export function ideaErrors(answers: IdeaAnswers): Record<string, string> {
  const errors: Record<string, string> = {};
  if (answers.title === '') errors[IDEA_FIELDS.title.block] = 'Give the idea a title.';
  if (answers.problem === '') errors[IDEA_FIELDS.problem.block] = 'Describe the problem it solves.';
  for (const key of ['impact', 'confidence', 'ease'] as const) {
    if (answers[key] === undefined) errors[IDEA_FIELDS[key].block] = 'Pick a score from 1 to 10.';
  }
  return errors;
}

const STATUS_ICON = { proposed: ':bulb:', accepted: ':white_check_mark:', rejected: ':x:' } as const;

/** One line of a list. */
export function ideaLine(cfg: ClosConfig, idea: IdeaRecord): string {
  const issue = idea.github !== undefined ? ` · ${link(idea.github.url, `${idea.github.repo}#${idea.github.number}`)} (${idea.github.state})` : '';
  return `${STATUS_ICON[idea.status]} *#${idea.id}* ${escapeText(idea.title)} — ICE *${idea.iceScore}* (${idea.impact}×${idea.confidence}×${idea.ease}) · ${personLabel(cfg, idea.submittedBy)}${issue}`;
}

/** An idea with its history; with the issue button when `offerIssue`. */
export function ideaDetailReply(cfg: ClosConfig, idea: IdeaRecord, history: IdeaStatusChange[], offerIssue: boolean): SlackReply {
  const blocks: KnownBlock[] = [
    section(`${ideaLine(cfg, idea)}\n>${escapeText(idea.problem).replace(/\n/g, '\n>')}`),
    context(
      history
        .map((h) => `${h.at.toISOString().slice(0, 10)} ${h.from ?? 'new'} → ${h.to} by ${personLabel(cfg, h.actor)}${h.reason !== undefined ? `: ${escapeText(h.reason)}` : ''}`)
        .join('\n') || 'No history.',
    ),
  ];
  if (offerIssue) blocks.push(actions([button({ text: 'Open a GitHub issue', actionId: IDEA_ISSUE_ACTION, value: String(idea.id), style: 'primary' })]));
  return { text: `Idea #${idea.id}: ${idea.title} (${idea.status}, ICE ${idea.iceScore})`, blocks };
}
