import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';

/**
 * Small builders for the Block Kit the bot sends, so views read as what they show rather
 * than as nested JSON. Limits Slack enforces (3000 characters a text, 75 characters a
 * button label, 50 blocks a message) are kept here.
 */

const TEXT_LIMIT = 3000;
/** Slack refuses messages with more blocks than this. */
export const MAX_BLOCKS = 50;

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn link. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[|>]/g, encodeURIComponent)}|${escapeText(label).replace(/\|/g, '¦')}>`;
}

/** A user mention. */
export function mention(slackUserId: string): string {
  return `<@${slackUserId}>`;
}

function fit(text: string, limit = TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: fit(text, 150), emoji: true } };
}

export function section(mrkdwn: string, accessory?: Button): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fit(mrkdwn) }, ...(accessory !== undefined ? { accessory } : {}) };
}

/** A section of two-column fields (at most ten). */
export function fields(items: string[]): SectionBlock {
  return { type: 'section', fields: items.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: fit(text, 2000) })) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: fit(text) })) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export interface ButtonOptions {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  /** Asks before the click takes effect. */
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

export function button(options: ButtonOptions): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: fit(options.text, 75), emoji: true },
    action_id: options.actionId,
    value: options.value.slice(0, 2000),
    ...(options.style !== undefined ? { style: options.style } : {}),
    ...(options.confirm !== undefined
      ? {
          confirm: {
            title: { type: 'plain_text', text: fit(options.confirm.title, 100) },
            text: { type: 'mrkdwn', text: fit(options.confirm.text, 300) },
            confirm: { type: 'plain_text', text: fit(options.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: fit(options.confirm.deny ?? 'Cancel', 30) },
          },
        }
      : {}),
  };
}

/** A row of buttons (at most 25). `blockId` must be unique within the message when given. */
export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, 25), ...(blockId !== undefined ? { block_id: blockId } : {}) };
}

/** A text input; `multiline` for paragraphs. */
export function textInput(options: {
  blockId: string;
  actionId: string;
  label: string;
  multiline?: boolean;
  optional?: boolean;
  placeholder?: string;
  initial?: string;
  maxLength?: number;
}): InputBlock {
  return {
    type: 'input',
    block_id: options.blockId,
    optional: options.optional ?? false,
    label: { type: 'plain_text', text: options.label },
    element: {
      type: 'plain_text_input',
      action_id: options.actionId,
      multiline: options.multiline ?? false,
      ...(options.placeholder !== undefined ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
      ...(options.initial !== undefined && options.initial !== '' ? { initial_value: options.initial } : {}),
      ...(options.maxLength !== undefined ? { max_length: options.maxLength } : {}),
    },
  };
}

/** A select of numbers `from`..`to`, each labelled by `label(n)`. */
export function numberSelect(options: {
  blockId: string;
  actionId: string;
  label: string;
  from: number;
  to: number;
  optionLabel?: (n: number) => string;
  initial?: number;
}): InputBlock {
  const option = (n: number): PlainTextOption => ({ text: { type: 'plain_text', text: options.optionLabel?.(n) ?? String(n) }, value: String(n) });
  const all: PlainTextOption[] = [];
  for (let n = options.from; n <= options.to; n++) all.push(option(n));
  return {
    type: 'input',
    block_id: options.blockId,
    label: { type: 'plain_text', text: options.label },
    element: {
      type: 'static_select',
      action_id: options.actionId,
      options: all,
      ...(options.initial !== undefined ? { initial_option: option(options.initial) } : {}),
    },
  };
}

/** A modal view. `privateMetadata` travels back with the submission (max 3000 chars). */
export function modal(options: { callbackId: string; title: string; submit: string; blocks: KnownBlock[]; privateMetadata?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: options.callbackId,
    title: { type: 'plain_text', text: fit(options.title, 24) },
    submit: { type: 'plain_text', text: fit(options.submit, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: options.blocks.slice(0, 100),
    ...(options.privateMetadata !== undefined ? { private_metadata: options.privateMetadata.slice(0, 3000) } : {}),
  };
}

/** Keeps a message within Slack's block limit, saying how much was left out. */
export function capBlocks(blocks: KnownBlock[], more: (hidden: number) => string): KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  return [...kept, context(more(blocks.length - kept.length))];
}

/** The submitted value of a text input or select, from a `view_submission` state. */
export function submittedValue(
  values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>,
  blockId: string,
  actionId: string,
): string | undefined {
  const element = values[blockId]?.[actionId];
  if (element === undefined) return undefined;
  const value = element.selected_option?.value ?? element.value ?? undefined;
  return value === null ? undefined : value;
}
