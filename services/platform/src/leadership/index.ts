/**
 * The leadership records: one person's check-ins, decisions, delegations, projects, breaker
 * events and reviews, their free text sealed per field (ADR 0016), and the review figures.
 */
export { createFieldCipher, dataKeyringFromEnv, type DataKeyEnv, type DataKeyring, type FieldCipher } from './field-cipher.js';
export { addDays, localDate, monthEnd, monthStart, PERIOD_PATTERN, periodDays, weekStart } from './local-date.js';
export { exportArchive, digestOf, replaceWithArchive, type ArchiveDigest, type LeadershipArchive } from './records/archive-records.js';
export { breakerRecords, type BreakerEvent } from './records/breaker-records.js';
export { checkinRecords, COMPLETION_TYPES, ENERGY_LEVELS, type Checkin, type CompletionType, type Energy } from './records/checkins-records.js';
export { DECISION_TARGET_HOURS, DECISION_TYPES, decisionRecords, type Decision, type DecisionType } from './records/decisions-records.js';
export { DELEGATION_OUTCOMES, delegationRecords, type Delegation, type DelegationOutcome } from './records/delegations-records.js';
export { fieldCodec, type FieldCodec } from './records/field-codec.js';
export { fieldContext, LEADERSHIP_TABLE_NAMES, LEADERSHIP_TABLES, type LeadershipTable } from './records/leadership-tables.js';
export { paralysisRecords, type ParalysisEpisode } from './records/paralysis-records.js';
export { PROJECT_STATUSES, projectRecords, type LeadershipProject, type NewProject, type ProjectStatus } from './records/projects-records.js';
export { reviewRecords, type Review, type ReviewKind } from './records/reviews-records.js';
export { reviewFigures, type ReviewFigures } from './review-figures.js';
export { computePeriodReview, hasLeadershipRecords, reviewPeriod } from './period-review.js';
export { DEFAULT_CHROMIUM_PATH, renderReview, reviewHtml, reviewMarkdown, reviewPdf, reviewSlackText, type ReviewReport } from './review-report.js';
