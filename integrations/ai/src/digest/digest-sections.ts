import type { DigestKind, FactKind } from './digest-types.js';

/** A section of a digest: its key, heading, the fact kinds it may cite, and at most how many lines. */
export interface SectionSpec {
  key: string;
  heading: string;
  factKinds: readonly FactKind[];
  max: number;
}

/**
 * The fixed layout of each kind. Both writers fill these sections and nothing else, so a
 * digest has the same shape whoever wrote it, and a model cannot invent a section.
 */
export const DIGEST_SECTIONS: Record<DigestKind, readonly SectionSpec[]> = {
  morning: [
    { key: 'top', heading: 'Top three today', factKinds: ['in-progress', 'queued'], max: 3 },
    { key: 'reviews', heading: 'Reviews requested of you', factKinds: ['review'], max: 10 },
    { key: 'gates', heading: 'Gates waiting on you', factKinds: ['gate'], max: 10 },
    { key: 'blockers', heading: 'Blockers', factKinds: ['blocker'], max: 10 },
    { key: 'decisions', heading: 'Decisions due', factKinds: ['decision'], max: 10 },
    { key: 'mission', heading: "Yesterday's mission", factKinds: ['mission'], max: 3 },
  ],
  midday: [
    { key: 'progress', heading: 'Progress since morning', factKinds: ['progress', 'shipped'], max: 10 },
    { key: 'red', heading: 'Went red', factKinds: ['red', 'blocker'], max: 10 },
  ],
  evening: [
    { key: 'shipped', heading: 'Shipped', factKinds: ['shipped'], max: 10 },
    { key: 'open', heading: 'Still open', factKinds: ['in-progress', 'queued', 'review', 'gate'], max: 10 },
    { key: 'blockers', heading: 'New blockers', factKinds: ['blocker', 'red'], max: 10 },
  ],
  weekly: [
    { key: 'flow', heading: 'Pod flow', factKinds: ['flow'], max: 10 },
    { key: 'health', heading: 'Health movement', factKinds: ['health'], max: 10 },
    { key: 'you', heading: 'Your week', factKinds: ['shipped', 'review', 'in-progress', 'blocker'], max: 10 },
  ],
};

const HEADLINE: Record<DigestKind, string> = {
  morning: 'Morning plan',
  midday: 'Midday check',
  evening: 'Evening summary',
  weekly: 'Weekly review',
};

const CLOSING: Partial<Record<DigestKind, string>> = {
  evening: "What is tomorrow's mission? Reply /mission <one line> before you log off.",
};

/** The headline both writers use: CLOS's words, never a model's. */
export function digestHeadline(kind: DigestKind, personName: string, localDay: string): string {
  return `${HEADLINE[kind]} for ${personName} — ${localDay}`;
}

/** The fixed closing line of a kind, if it has one. */
export function digestClosing(kind: DigestKind): string | undefined {
  return CLOSING[kind];
}
