import { z } from 'zod';
import { DIGEST_SECTIONS } from '../digest/digest-sections.js';
import type { DigestRequest, DigestSection } from '../digest/digest-types.js';

/** Longest line a model may write; a digest line is a sentence, not an essay. */
export const MAX_ITEM_CHARS = 280;

/**
 * What a model must answer: lines per section key, each citing the facts it rests on.
 * The headline, headings and closing are CLOS's, so a model only ever words cited facts.
 */
export const llmAnswerSchema = z
  .object({
    sections: z.array(
      z
        .object({
          key: z.string(),
          items: z.array(
            z
              .object({
                text: z.string().min(1).max(MAX_ITEM_CHARS),
                factIds: z.array(z.string()).min(1),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

/** A model's answer after schema validation. */
export type LlmAnswer = z.output<typeof llmAnswerSchema>;

/** The JSON Schema handed to the vendors' structured-output features. */
export function llmAnswerJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(llmAnswerSchema, { target: 'draft-7' }) as Record<string, unknown>;
}

/** A model's answer turned into sections, or why it was refused. */
export type CheckedAnswer = { ok: true; sections: DigestSection[] } | { ok: false; reason: string };

/**
 * Validates a model's raw answer against the schema and the request: every section key
 * must be one of the kind's, every cited id must be a fact of a kind that section may
 * cite, no section over its size, and no links (links come from the facts, not the model).
 * Any failure refuses the whole answer; there is no partial use.
 */
export function checkLlmAnswer(raw: unknown, request: DigestRequest): CheckedAnswer {
  const parsed = llmAnswerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `answer does not match the schema: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const facts = new Map(request.facts.map((fact) => [fact.id, fact]));
  const specs = DIGEST_SECTIONS[request.kind];
  const byKey = new Map(parsed.data.sections.map((section) => [section.key, section]));
  for (const section of parsed.data.sections) {
    if (!specs.some((spec) => spec.key === section.key)) return { ok: false, reason: `unknown section "${section.key}"` };
  }
  if (byKey.size !== parsed.data.sections.length) return { ok: false, reason: 'a section appears twice' };
  const sections: DigestSection[] = [];
  for (const spec of specs) {
    const items = byKey.get(spec.key)?.items ?? [];
    if (items.length > spec.max) return { ok: false, reason: `section "${spec.key}" has ${items.length} lines, at most ${spec.max}` };
    for (const item of items) {
      for (const id of item.factIds) {
        const fact = facts.get(id);
        if (fact === undefined) return { ok: false, reason: `line cites fact "${id}", which does not exist` };
        if (!spec.factKinds.includes(fact.kind)) return { ok: false, reason: `section "${spec.key}" cites fact "${id}" of kind ${fact.kind}` };
      }
      // A link quoted inside a cited fact's own title is data; any other link is the model's.
      const ownText = item.factIds.reduce((text, id) => {
        const title = facts.get(id)?.title;
        return title !== undefined ? text.split(title).join('') : text;
      }, item.text);
      if (/https?:\/\/|www\./i.test(ownText)) return { ok: false, reason: `a line in "${spec.key}" carries a link` };
    }
    sections.push({ key: spec.key, heading: spec.heading, items: items.map((item) => ({ text: item.text, factIds: [...item.factIds] })) });
  }
  return { ok: true, sections };
}
