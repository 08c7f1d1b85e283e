/**
 * The shapes of the CLOS REST API answers the dashboard reads (see the api's
 * OpenAPI document at /openapi.json); only the fields the pages use.
 */

export type Role = 'viewer' | 'member' | 'lead' | 'admin';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  actor: string;
  via: 'token' | 'session';
  csrfToken: string | null;
  tokenId: string;
  name: string;
  roles: Record<string, Role>;
  expiresAt: string | null;
}

export interface Pod {
  id: string;
  name: string;
  wipLimit: number;
  mode: 'observe' | 'warn' | 'enforce';
  repos: string[];
  memberCount: number;
  archived: boolean;
}

export interface PodDetail extends Pod {
  members: { personId: string; name: string | null; role: Role }[];
  projects: { id: string; name: string; templateId: string; currentStage: string | null; status: string }[];
}

export interface HealthComponent {
  metric: string;
  value: number | null;
  score: number;
  weight: number;
  failing: boolean;
  detail: string;
}

export interface PodHealthSummary {
  podId: string;
  name: string;
  /** Null when the pod has not been scanned yet. */
  score: number | null;
  /** Time of the latest scan, or null. */
  at: string | null;
  trend: { at: string; score: number }[];
  failing: string[];
  components: HealthComponent[];
}

export interface OrgHealth {
  generatedAt: string;
  pods: PodHealthSummary[];
}

export interface PodHealth {
  podId: string;
  current: { at: string; score: number; components: HealthComponent[]; failing: string[] } | null;
  history: Page<{ at: string; score: number; failing: string[] }>;
}

interface WorkItemRef {
  id: string;
  personId: string | null;
  title: string | null;
  url: string | null;
}

export interface WipState {
  podId: string;
  running: boolean;
  policy: { limit: number; perPersonLimit: number | null; expediteQuota: number; mode: string };
  usage: { regular: number; expedite: number; queued: number; utilisation: number };
  holders: (WorkItemRef & { lane: 'regular' | 'expedite'; since: string })[];
  queue: (WorkItemRef & {
    position: number;
    reason: string;
    enqueuedAt: string;
    /** Its `clos/wip` commit status as posted; null before one is. */
    status: { state: 'success' | 'failure'; description: string } | null;
  })[];
}

export interface Flow {
  podId: string;
  window: { from: string; to: string; days: number };
  cycleTimeHours: { p50: number | null; p85: number | null; count: number };
  throughput: { weekStart: string; count: number }[];
  cycleTime: { weekStart: string; p50Hours: number | null }[];
  wipAge: { itemId: string; title: string | null; url: string | null; ageHours: number }[];
  dora: {
    deploymentsPerWeek: number | null;
    leadTimeHours: number | null;
    changeFailureRate: number | null;
    timeToRestoreHours: number | null;
    reworkRate: number | null;
    deployments: number;
  };
}

export interface FunnelStage {
  template: string;
  stageId: string;
  name: string;
  order: number;
  count: number;
  medianDaysInStage: number | null;
  conversion: number | null;
}

export interface Funnel {
  stages: FunnelStage[];
  ideas: { accepted: number; open: number };
}

export interface Project {
  id: string;
  name: string;
  podId: string;
  templateId: string;
  currentStage: string | null;
  stageEnteredAt: string | null;
  status: string;
}

export interface Transition {
  id: string;
  from: string | null;
  to: string;
  kind: string;
  actor: string | null;
  reason: string | null;
  at: string;
}

export interface Evidence {
  id: string;
  stageId: string;
  criterionId: string;
  submittedBy: string;
  role: Role | null;
  value: string;
  submittedAt: string;
}

export interface StageState {
  projectId: string;
  running: boolean;
  stage: { id: string; name: string; index: number; terminal: boolean } | null;
  enteredAt: string | null;
  deadline: string | null;
  overdue: boolean;
  paused: boolean;
  gate: { passed: boolean; criteria: { criterionId: string; type: string; met: boolean; detail: string }[] };
  verdict: { state: 'success' | 'failure'; description: string } | null;
}

export interface Blocker {
  id: string;
  podId: string;
  personId: string;
  description: string;
  workItemId: string | null;
  openedAt: string;
  escalatedAt: string | null;
  resolvedAt: string | null;
}

export interface Standup {
  id: string;
  podId: string;
  personId: string;
  day: string;
  confidence: number;
}

export interface Idea {
  id: string;
  podId: string | null;
  title: string;
  problem: string;
  impact: number;
  confidence: number;
  ease: number;
  iceScore: number;
  status: 'proposed' | 'accepted' | 'rejected';
  submittedBy: string;
  githubIssue: { repo: string; number: number; url: string | null; state: string | null } | null;
  createdAt: string;
}

export interface Demo {
  id: string;
  projectId: string;
  podId: string;
  scheduledFor: string;
  scheduledBy: string;
  heldAt: string | null;
  heldBy: string | null;
  evidenceSubmittedAt: string | null;
}

export interface WorkItem {
  id: string;
  kind: 'pull_request' | 'linear_issue';
  podId: string | null;
  projectId: string | null;
  personId: string | null;
  state: string;
  title: string | null;
  url: string | null;
  repo: string | null;
  number: number | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  sourceIp: string | null;
  hash: string;
}

export interface AuditVerification {
  intact: boolean;
  problems: { id: string; problem: string; expectedHash: string; storedHash: string }[];
}

/** One `event: activity` of GET /api/stream. */
export interface Activity {
  id: string;
  seq: number | string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  subject: { podId?: string; projectId?: string; workItemId?: string; personId?: string };
  summary: string;
}

/** One event of GET /api/events (payloads left out). */
export interface RecordedEvent {
  id: string;
  type: string;
  occurredAt: string;
  subject: Activity['subject'];
}

/** A morning check-in (GET /api/today, /api/checkins). */
export interface Checkin {
  id: string;
  date: string;
  energy: 'high' | 'medium' | 'low';
  stress: number;
  tension: boolean;
  circular: boolean;
  mission: string | null;
  completion: 'delivered' | 'delegated' | 'live' | null;
  completedAt: string | null;
  reflection: string | null;
  createdAt: string;
}

/** One entry of the decision log (48-hour target). */
export interface Decision {
  id: string;
  text: string;
  type: 'reversible_low' | 'reversible_high' | 'irreversible';
  openedAt: string;
  decidedAt: string | null;
  hoursToDecide: number | null;
  rationale: string | null;
  communicatedTo: string[];
  /** Open past 48 hours. */
  overdue: boolean;
}

/** GET /api/today: the caller's own day. */
export interface Day {
  date: string;
  personId: string;
  checkin: Checkin | null;
  decisionsDue: Decision[];
  signals: { name: string; failing: boolean; value: number | null; threshold: string }[];
  warning: string | null;
  breaker: { reason: string; activatedAt: string; active: boolean } | null;
}

/** One delegation (GET /api/delegations): a task handed to someone, and how it ended. */
export interface Delegation {
  id: string;
  task: string;
  to: string;
  /** How strongly the person wanted to keep control, 1-10. */
  controlImpulse: number;
  handoffDone: boolean;
  outcome: 'owned' | 're_engaged' | 'boomeranged' | null;
  createdAt: string;
  closedAt: string | null;
}

/** One leadership project (GET /api/leadership/projects): real deadline against estimate at completion. */
export interface LeadershipProject {
  id: string;
  name: string;
  criteria: string;
  deadline: string;
  eac: string;
  /** Days the estimate at completion lies past the deadline (negative: ahead of it). */
  slipDays: number;
  status: 'green' | 'yellow' | 'red';
  value: number | null;
  leverage: number | null;
  netEnergy: number | null;
  state: 'active' | 'completed' | 'killed';
  completedAt: string | null;
  shippedEarly: boolean | null;
  killedAt: string | null;
  killedReason: string | null;
  createdAt: string;
}

/** The figures of a weekly or monthly review (platform's `ReviewFigures`). */
export interface ReviewFigures {
  from: string;
  to: string;
  checkins: number;
  completionRate: number | null;
  completions: { delivered: number; delegated: number; live: number; open: number };
  energy: { high: number; medium: number; low: number };
  averageStress: number | null;
  decisionsMade: number;
  decidedWithin48h: number | null;
  delegations: { made: number; owned: number; reEngaged: number; boomeranged: number; open: number; successRate: number | null };
  projects: { early: number; onTime: number; late: number; killed: number };
  paralysisEpisodes: number;
}

/** GET /api/reviews/{weekly|monthly}: the period's figures with the person's focus. */
export interface Review {
  kind: 'weekly' | 'monthly';
  periodStart: string;
  figures: ReviewFigures;
  focus: string | null;
  secondary: string[];
  notes: string | null;
  updatedAt: string;
}

/** A finding of the analytics, or why there is none yet (below the minimum sample). */
export type Finding<T> = { enough: true; n: number; result: T } | { enough: false; n: number; needed: number; message: string };

/** GET /api/analytics/{kind}: one analysis of the person's records over a period. */
export interface Analysis<T, S = undefined> {
  kind: 'patterns' | 'shipping' | 'paralysis' | 'delegation';
  period: string;
  from: string;
  to: string;
  finding: Finding<T>;
  series?: S;
}

/** The shipping analysis: weekly completion rate and its least-squares slope. */
export interface ShippingTrend {
  slopePerWeek: number;
  confidence95: [number, number];
  direction: 'improving' | 'declining' | 'no clear trend';
}

/** The paralysis analysis: when episodes happen, and on which type of decision. */
export interface ParalysisTriggers {
  byWeekday: Record<string, number>;
  byEnergy: Record<string, number>;
  /** Episodes per type of the linked decision (`unlinked`: none named), and their share of all. */
  byDecisionType: Record<Decision['type'] | 'unlinked', { episodes: number; share: number }>;
  averageStressOnParalysisDays: number | null;
  averageStressOtherDays: number | null;
}

/** The delegation analysis: what goes with a delegation being owned. */
export interface DelegationPredictors {
  successRate: number | null;
  controlImpulseCorrelation: number | null;
  withHandoff: number | null;
  withoutHandoff: number | null;
  byDelegate: Record<string, { n: number; successRate: number | null }>;
}

/** The patterns analysis: energy, stress and completion over the period. */
export interface DailyPatterns {
  averageStress: number;
  tensionDays: number;
  circularDays: number;
  byEnergy: Record<string, { days: number; completionRate: number | null }>;
}
