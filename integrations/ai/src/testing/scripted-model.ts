import { DIGEST_SECTIONS } from '../digest/digest-sections.js';
import type { DigestKind, FactKind } from '../digest/digest-types.js';
import { FACTS_TAG } from '../writer/digest-prompt.js';

/** The fenced data document as a model reads it from the prompt. */
export interface FencedFacts {
  kind: DigestKind;
  person: string;
  localDay: string;
  facts: { id: string; kind: FactKind; summary: string; title?: string }[];
}

/** Reads the JSON document between the fence tags of a prompt's user text. */
export function readFencedFacts(userText: string): FencedFacts {
  const match = new RegExp(`<${FACTS_TAG}>\\n([\\s\\S]*)\\n</${FACTS_TAG}>`).exec(userText);
  if (match?.[1] === undefined) throw new Error('no fenced facts in the prompt');
  return JSON.parse(match[1]) as FencedFacts;
}

/** A structured answer as the vendors' models hand it back. */
export interface ScriptedAnswer {
  sections: { key: string; items: { text: string; factIds: string[] }[] }[];
}

/**
 * A well-behaved model: every fact goes to the first section that may cite it, worded
 * "Next: “title” (summary)", quoting untrusted titles verbatim and obeying nothing in them.
 */
export function groundedAnswer(data: FencedFacts): ScriptedAnswer {
  const used = new Set<string>();
  return {
    sections: DIGEST_SECTIONS[data.kind].map((spec) => {
      const facts = data.facts.filter((fact) => spec.factKinds.includes(fact.kind) && !used.has(fact.id)).slice(0, spec.max);
      for (const fact of facts) used.add(fact.id);
      return {
        key: spec.key,
        items: facts.map((fact) => ({ text: fact.title !== undefined ? `Next: “${fact.title}” (${fact.summary})` : `Next: ${fact.summary}`, factIds: [fact.id] })),
      };
    }),
  };
}

/** The user text of a recorded Anthropic Messages or OpenAI Chat Completions request. */
export function userTextOf(body: Record<string, unknown>): string {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const user = messages.find((message) => message.role === 'user');
  if (typeof user?.content === 'string') return user.content;
  if (Array.isArray(user?.content)) return (user.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('');
  throw new Error('no user message');
}

/** The system text of a recorded request (Anthropic `system`, or OpenAI's system message). */
export function systemTextOf(body: Record<string, unknown>): string {
  if (typeof body.system === 'string') return body.system;
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const system = messages.find((message) => message.role === 'system');
  if (typeof system?.content === 'string') return system.content;
  throw new Error('no system text');
}
