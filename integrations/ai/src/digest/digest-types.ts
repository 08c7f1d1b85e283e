import type { DigestKind } from '@clos/domain';

// The kinds are the domain's (clos.yml's `digests:` names them too).
export { DIGEST_KINDS, type DigestKind } from '@clos/domain';

/** What a fact is about; decides which section of a digest may cite it. */
export const FACT_KINDS = [
  'in-progress',
  'queued',
  'review',
  'gate',
  'blocker',
  'decision',
  'mission',
  'progress',
  'red',
  'shipped',
  'flow',
  'health',
] as const;
/** One of {@link FACT_KINDS}. */
export type FactKind = (typeof FACT_KINDS)[number];

/**
 * One thing CLOS knows about a person, gathered from the records. `summary` is text CLOS
 * wrote itself; `title` is text people or vendors wrote (a PR title, an issue title, a
 * standup note) and is untrusted: it is only ever passed to a model as quoted data.
 */
export interface DigestFact {
  /** Unique within one request (`f1`, `f2`, …); the model cites it. */
  id: string;
  kind: FactKind;
  /** CLOS's own wording: "in progress in pod core", "queued 2nd of 3". */
  summary: string;
  /** Untrusted text quoted as is. */
  title?: string;
  /** Link to the PR, issue, gate or dashboard page. */
  url?: string;
}

/** Everything a writer needs for one digest: who, which, when, and the facts, nothing else. */
export interface DigestRequest {
  kind: DigestKind;
  /** Display name of the person. */
  personName: string;
  /** The person's local day, `YYYY-MM-DD`. */
  localDay: string;
  facts: DigestFact[];
}

/** One line of a digest; `factIds` are the facts it rests on (never empty for a model's line). */
export interface DigestItem {
  text: string;
  factIds: string[];
}

/** A titled part of a digest; its key is fixed per kind (see digest-sections). */
export interface DigestSection {
  key: string;
  heading: string;
  items: DigestItem[];
}

/** Who wrote a digest: a model behind a vendor SDK, or the deterministic template. */
export const DIGEST_WRITERS = ['anthropic', 'openai', 'template'] as const;
/** One of {@link DIGEST_WRITERS}. */
export type DigestWriterName = (typeof DIGEST_WRITERS)[number];

/** Tokens and cost of one model call. */
export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Why the template wrote a digest when a model was configured. */
export const FALLBACK_REASONS = ['not-configured', 'error', 'timeout', 'invalid-answer', 'budget'] as const;
/** One of {@link FALLBACK_REASONS}. */
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** A finished digest: same shape whoever wrote it, and it says who did. */
export interface WrittenDigest {
  kind: DigestKind;
  headline: string;
  sections: DigestSection[];
  /** A fixed closing line per kind (the evening's prompt for tomorrow's mission). */
  closing?: string;
  writer: DigestWriterName;
  model?: string;
  /** Set when a model was called, even if its answer was then rejected. */
  usage?: LlmUsage;
  /** Set when the template wrote it although a model was configured. */
  fallbackReason?: FallbackReason;
  /** A short explanation of the fallback, for logs and the digest record. */
  fallbackDetail?: string;
}

/** The port: writes one digest from a request. */
export interface DigestWriter {
  readonly name: DigestWriterName;
  write(request: DigestRequest, options?: { signal?: AbortSignal }): Promise<WrittenDigest>;
}
