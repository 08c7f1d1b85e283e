import type { PodConfig } from '@clos/domain';
import { context, formatDay, modal, numberSelect, submittedValue, textInput, type ModalView } from '@clos/slack';
import type { StandupRecord } from '@clos/platform';

/** Callback id of the standup modal. */
export const STANDUP_CALLBACK = 'standup_submit';

/** Block and action ids of the modal's inputs. */
export const STANDUP_FIELDS = {
  yesterday: { block: 'yesterday', action: 'yesterday_input' },
  today: { block: 'today', action: 'today_input' },
  blockers: { block: 'blockers', action: 'blockers_input' },
  confidence: { block: 'confidence', action: 'confidence_select' },
} as const;

/** What travels with the modal and back with its submission. */
export interface StandupMetadata {
  podId: string;
  day: string;
}

const CONFIDENCE = ['', '1 — unlikely', '2 — shaky', '3 — even odds', '4 — likely', '5 — certain'];

/** The standup modal for a pod's day, filled with what was already submitted that day. */
export function standupModal(pod: PodConfig, day: string, previous: Pick<StandupRecord, 'yesterday' | 'today' | 'blockers' | 'confidence'> | undefined): ModalView {
  return modal({
    callbackId: STANDUP_CALLBACK,
    title: 'Daily standup',
    submit: previous !== undefined ? 'Update' : 'Submit',
    privateMetadata: JSON.stringify({ podId: pod.id, day } satisfies StandupMetadata),
    blocks: [
      context(`*${pod.name}* · ${formatDay(day)}${previous !== undefined ? ' · editing today’s answer' : ''}`),
      textInput({ blockId: STANDUP_FIELDS.yesterday.block, actionId: STANDUP_FIELDS.yesterday.action, label: 'What did you finish yesterday?', multiline: true, optional: true, initial: previous?.yesterday ?? '', maxLength: 2000 }),
      textInput({ blockId: STANDUP_FIELDS.today.block, actionId: STANDUP_FIELDS.today.action, label: 'What will you do today?', multiline: true, initial: previous?.today ?? '', maxLength: 2000 }),
      textInput({
        blockId: STANDUP_FIELDS.blockers.block,
        actionId: STANDUP_FIELDS.blockers.action,
        label: 'Blockers (one a line; name the PR or issue)',
        multiline: true,
        optional: true,
        placeholder: 'e.g. PAY-44 waits for API keys',
        initial: previous?.blockers ?? '',
        maxLength: 2000,
      }),
      numberSelect({
        blockId: STANDUP_FIELDS.confidence.block,
        actionId: STANDUP_FIELDS.confidence.action,
        label: 'Confidence that today’s plan holds',
        from: 1,
        to: 5,
        optionLabel: (n) => CONFIDENCE[n] ?? String(n),
        ...(previous !== undefined ? { initial: previous.confidence } : {}),
      }),
    ],
  });
}

/** A submitted standup, read from the view state. */
export interface StandupAnswers {
  yesterday: string;
  today: string;
  blockers: string;
  confidence: number | undefined;
}

type ViewValues = Parameters<typeof submittedValue>[0];

/** Reads the modal's answers. */
export function readStandup(values: ViewValues): StandupAnswers {
  const text = (field: { block: string; action: string }) => (submittedValue(values, field.block, field.action) ?? '').trim();
  const confidence = Number(submittedValue(values, STANDUP_FIELDS.confidence.block, STANDUP_FIELDS.confidence.action));
  return {
    yesterday: text(STANDUP_FIELDS.yesterday),
    today: text(STANDUP_FIELDS.today),
    blockers: text(STANDUP_FIELDS.blockers),
    confidence: Number.isInteger(confidence) && confidence >= 1 && confidence <= 5 ? confidence : undefined,
  };
}

/** Problems to show next to the inputs (`response_action: errors`); empty when the answers are fine. */
export function standupErrors(answers: StandupAnswers): Record<string, string> {
  const errors: Record<string, string> = {};
  if (answers.today === '') errors[STANDUP_FIELDS.today.block] = 'Say what you will do today.';
  if (answers.confidence === undefined) errors[STANDUP_FIELDS.confidence.block] = 'Pick a confidence from 1 to 5.';
  return errors;
}
