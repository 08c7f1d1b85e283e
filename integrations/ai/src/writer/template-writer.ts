import { DIGEST_SECTIONS, digestClosing, digestHeadline } from '../digest/digest-sections.js';
import type { DigestFact, DigestRequest, DigestSection, DigestWriter, FallbackReason, WrittenDigest } from '../digest/digest-types.js';

/** The line the template writes for one fact: the quoted title (if any), then CLOS's summary. */
export function templateLine(fact: DigestFact): string {
  return fact.title !== undefined ? `“${fact.title}” — ${fact.summary}` : fact.summary;
}

/**
 * Fills each section of the kind with the facts it may cite, in the order they were
 * gathered (the gatherer puts in-progress items before the queue), one line per fact.
 */
export function templateSections(request: DigestRequest): DigestSection[] {
  const used = new Set<string>();
  return DIGEST_SECTIONS[request.kind].map((spec) => {
    const facts = request.facts.filter((fact) => spec.factKinds.includes(fact.kind) && !used.has(fact.id)).slice(0, spec.max);
    for (const fact of facts) used.add(fact.id);
    return { key: spec.key, heading: spec.heading, items: facts.map((fact) => ({ text: templateLine(fact), factIds: [fact.id] })) };
  });
}

/** Writes a digest by rule from the facts alone: same request, same digest. */
export function writeTemplateDigest(request: DigestRequest, fallback?: { reason: FallbackReason; detail?: string }): WrittenDigest {
  const closing = digestClosing(request.kind);
  return {
    kind: request.kind,
    headline: digestHeadline(request.kind, request.personName, request.localDay),
    sections: templateSections(request),
    ...(closing !== undefined ? { closing } : {}),
    writer: 'template',
    ...(fallback !== undefined ? { fallbackReason: fallback.reason } : {}),
    ...(fallback?.detail !== undefined ? { fallbackDetail: fallback.detail } : {}),
  };
}

/** The deterministic writer: used with no model configured and whenever a model's answer is not used. */
export function createTemplateWriter(): DigestWriter {
  return {
    name: 'template',
    write: (request) => Promise.resolve(writeTemplateDigest(request, { reason: 'not-configured' })),
  };
}
