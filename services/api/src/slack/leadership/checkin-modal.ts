import { context, modal, numberSelect, textInput, type KnownBlock, type ModalView } from '@clos/slack';
import { ENERGY_LEVELS } from '@clos/platform';
import { checkinBodySchema } from '../../rest/schemas/leadership-schemas.js';

/** Callback id of the check-in modal. */
export const CHECKIN_CALLBACK = 'checkin_submit';

/** Block and action ids of the modal's inputs; the block id is the field's name. */
export const CHECKIN_FIELDS = {
  energy: { block: 'energy', action: 'energy_select' },
  stress: { block: 'stress', action: 'stress_select' },
  signals: { block: 'signals', action: 'signals_check' },
  mission: { block: 'mission', action: 'mission_input' },
} as const;

const ENERGY_LABELS: Record<(typeof ENERGY_LEVELS)[number], string> = { high: ':large_green_circle: High', medium: ':large_yellow_circle: Medium', low: ':red_circle: Low' };
const SIGNALS = [
  { value: 'tension', label: 'Tension: something or someone is weighing on me' },
  { value: 'circular', label: 'Circular thinking: going round the same thought' },
] as const;

/**
 * The morning check-in as a modal: four inputs, three of them one click each, so it takes
 * well under 90 seconds. Nothing identifies the person in the view: the submission is
 * attributed to whoever Slack says submitted it.
 */
export function checkinModal(day: string): ModalView {
  const energy: KnownBlock = {
    type: 'input',
    block_id: CHECKIN_FIELDS.energy.block,
    label: { type: 'plain_text', text: 'Energy' },
    element: {
      type: 'radio_buttons',
      action_id: CHECKIN_FIELDS.energy.action,
      options: ENERGY_LEVELS.map((level) => ({ text: { type: 'plain_text', text: ENERGY_LABELS[level], emoji: true }, value: level })),
    },
  };
  const signals: KnownBlock = {
    type: 'input',
    block_id: CHECKIN_FIELDS.signals.block,
    optional: true,
    label: { type: 'plain_text', text: 'Today' },
    element: {
      type: 'checkboxes',
      action_id: CHECKIN_FIELDS.signals.action,
      options: SIGNALS.map((s) => ({ text: { type: 'plain_text', text: s.label }, value: s.value })),
    },
  };
  return modal({
    callbackId: CHECKIN_CALLBACK,
    title: 'Morning check-in',
    submit: 'Check in',
    blocks: [
      context(`${day} · private: only you can read it`),
      energy,
      numberSelect({ blockId: CHECKIN_FIELDS.stress.block, actionId: CHECKIN_FIELDS.stress.action, label: 'Stress (1 calm – 10 overwhelmed)', from: 1, to: 10 }),
      signals,
      textInput({ blockId: CHECKIN_FIELDS.mission.block, actionId: CHECKIN_FIELDS.mission.action, label: 'The one mission of today', placeholder: 'e.g. Decide the Q3 hiring plan', maxLength: 500 }),
    ],
  });
}

/** One input's state in a submission, as Slack sends it. */
interface SubmittedElement {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
}

/** A check-in read from the modal, or the problems to show next to the inputs. */
export type CheckinAnswers =
  | { ok: true; body: { energy: (typeof ENERGY_LEVELS)[number]; stress: number; tension: boolean; circular: boolean; mission?: string | undefined } }
  | { ok: false; errors: Record<string, string> };

const BLOCK_OF_FIELD: Record<string, string> = { energy: 'energy', stress: 'stress', tension: 'signals', circular: 'signals', mission: 'mission' };

/**
 * Reads the submitted modal and checks it with the schema REST checks `POST
 * /api/checkins` with, so both accept and refuse the same check-ins; each problem names its
 * field and sits next to its input.
 */
export function readCheckin(values: Record<string, Record<string, SubmittedElement>>): CheckinAnswers {
  const element = (field: { block: string; action: string }) => values[field.block]?.[field.action];
  const selected = element(CHECKIN_FIELDS.signals)?.selected_options?.map((o) => o.value) ?? [];
  const stress = element(CHECKIN_FIELDS.stress)?.selected_option?.value;
  const mission = element(CHECKIN_FIELDS.mission)?.value;
  const parsed = checkinBodySchema.safeParse({
    energy: element(CHECKIN_FIELDS.energy)?.selected_option?.value,
    stress: stress === undefined ? undefined : Number(stress),
    tension: selected.includes('tension'),
    circular: selected.includes('circular'),
    mission: mission === null || mission === undefined ? undefined : mission,
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'energy');
    const block = BLOCK_OF_FIELD[field] ?? CHECKIN_FIELDS.energy.block;
    errors[block] ??= `${field}: ${issue.message}`;
  }
  return { ok: false, errors };
}
