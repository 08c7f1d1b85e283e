/*
 * Linear webhook payloads in the shape Linear documents and sends
 * (https://linear.app/developers/webhooks): an envelope with `action`, `type`, `actor`,
 * `createdAt`, `data` (the entity), `updatedFrom` on updates, `url`, `organizationId`,
 * `webhookId` and the signed `webhookTimestamp` in epoch milliseconds.
 */

/** Workflow state categories Linear uses. */
export type FixtureStateType = 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';

const STATE_FIXTURES: Record<FixtureStateType, { id: string; name: string; color: string }> = {
  triage: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a01', name: 'Triage', color: '#fc7840' },
  backlog: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a02', name: 'Backlog', color: '#bec2c8' },
  unstarted: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a03', name: 'Todo', color: '#e2e2e2' },
  started: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a04', name: 'In Progress', color: '#f2c94c' },
  completed: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a05', name: 'Done', color: '#5e6ad2' },
  canceled: { id: '0e8d1c52-5b51-4b8f-9d84-2f4b8c1f0a06', name: 'Canceled', color: '#95a2b3' },
};

const ORGANIZATION_ID = '6b7c2a1e-94f3-4e0b-8d7e-3f1c2b4a5d60';
const ADA = {
  id: 'c1f4e2d3-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  url: 'https://linear.app/acme/profiles/ada',
  avatarUrl: null,
};

/** Overrides for {@link linearIssueWebhook}. */
export interface LinearIssueFixture {
  action?: 'create' | 'update' | 'remove';
  id?: string;
  identifier?: string;
  title?: string;
  stateType?: FixtureStateType;
  teamKey?: string;
  /** `null` for an issue outside any project. */
  project?: { id: string; name: string } | null;
  /** `null` for an unassigned issue. */
  assignee?: { id: string; name: string; email: string } | null;
  /** Epoch ms; defaults to `Date.now()` so the delivery is fresh. */
  webhookTimestamp?: number;
  createdAt?: string;
}

/** A Linear `Issue` webhook payload. */
export function linearIssueWebhook(fixture: LinearIssueFixture = {}): Record<string, unknown> {
  const action = fixture.action ?? 'update';
  const identifier = fixture.identifier ?? 'PAY-44';
  const teamKey = fixture.teamKey ?? identifier.split('-')[0] ?? 'PAY';
  const number = Number(identifier.split('-')[1] ?? 44);
  const stateType = fixture.stateType ?? 'started';
  const state = STATE_FIXTURES[stateType];
  const project = fixture.project === undefined ? { id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', name: 'Payout reliability' } : fixture.project;
  const assignee = fixture.assignee === undefined ? ADA : fixture.assignee === null ? null : { ...fixture.assignee, url: 'https://linear.app/acme/profiles/x', avatarUrl: null };
  const title = fixture.title ?? 'Retry failed payouts';
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const url = `https://linear.app/acme/issue/${identifier}/${slug}`;
  const createdAt = fixture.createdAt ?? new Date().toISOString();
  const id = fixture.id ?? `2b1f1b8e-4c3d-4e5f-8a9b-${String(number).padStart(12, '0')}`;
  return {
    action,
    actor: { id: ADA.id, type: 'user', name: ADA.name, email: ADA.email, url: ADA.url },
    createdAt,
    data: {
      id,
      createdAt: '2025-02-03T09:00:00.000Z',
      updatedAt: createdAt,
      archivedAt: null,
      number,
      title,
      description: 'Payouts that fail with a transient error are never retried.',
      priority: 2,
      priorityLabel: 'High',
      estimate: 3,
      sortOrder: -1337.5,
      prioritySortOrder: -1337.5,
      boardOrder: 0,
      startedAt: stateType === 'started' ? createdAt : null,
      completedAt: stateType === 'completed' ? createdAt : null,
      canceledAt: stateType === 'canceled' ? createdAt : null,
      dueDate: null,
      trashed: action === 'remove' ? true : null,
      snoozedUntilAt: null,
      identifier,
      url,
      labelIds: [],
      labels: [],
      teamId: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      team: { id: 'f0e1d2c3-b4a5-4968-8776-655443322110', key: teamKey, name: 'Payments' },
      cycleId: null,
      projectId: project?.id ?? null,
      project: project === null ? null : { ...project, url: `https://linear.app/acme/project/${project.id}` },
      projectMilestoneId: null,
      previousIdentifiers: [],
      creatorId: ADA.id,
      creator: ADA,
      assigneeId: assignee?.id ?? null,
      assignee,
      stateId: state.id,
      state: { id: state.id, color: state.color, name: state.name, type: stateType },
      parentId: null,
      subscriberIds: [ADA.id],
      reactionData: [],
      botActor: null,
    },
    ...(action === 'update' ? { updatedFrom: { stateId: STATE_FIXTURES.unstarted.id, updatedAt: '2025-02-03T09:00:00.000Z' } } : {}),
    url,
    type: 'Issue',
    organizationId: ORGANIZATION_ID,
    webhookTimestamp: fixture.webhookTimestamp ?? Date.now(),
    webhookId: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
  };
}

/** Overrides for {@link linearProjectWebhook}. */
export interface LinearProjectFixture {
  action?: 'create' | 'update' | 'remove';
  id?: string;
  name?: string;
  /** Project status category: backlog, planned, started, paused, completed, canceled. */
  statusType?: string;
  webhookTimestamp?: number;
  createdAt?: string;
}

/** A Linear `Project` webhook payload. */
export function linearProjectWebhook(fixture: LinearProjectFixture = {}): Record<string, unknown> {
  const id = fixture.id ?? '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
  const name = fixture.name ?? 'Payout reliability';
  const statusType = fixture.statusType ?? 'started';
  const createdAt = fixture.createdAt ?? new Date().toISOString();
  const url = `https://linear.app/acme/project/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-1a2b3c4d5e6f`;
  return {
    action: fixture.action ?? 'update',
    actor: { id: ADA.id, type: 'user', name: ADA.name, email: ADA.email, url: ADA.url },
    createdAt,
    data: {
      id,
      createdAt: '2025-01-10T08:00:00.000Z',
      updatedAt: createdAt,
      name,
      description: 'Make every payout land, or say why not.',
      slugId: '1a2b3c4d5e6f',
      color: '#5e6ad2',
      icon: null,
      priority: 2,
      sortOrder: 12.5,
      prioritySortOrder: 12.5,
      startDate: '2025-02-01',
      targetDate: '2025-04-30',
      startedAt: statusType === 'started' ? '2025-02-01T00:00:00.000Z' : null,
      completedAt: null,
      canceledAt: null,
      leadId: ADA.id,
      lead: ADA,
      memberIds: [ADA.id],
      teamIds: ['f0e1d2c3-b4a5-4968-8776-655443322110'],
      labelIds: [],
      statusId: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910',
      status: { id: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910', name: 'In Progress', color: '#f2c94c', type: statusType },
      url,
      scopeHistory: [],
      completedScopeHistory: [],
      inProgressScopeHistory: [],
      issueCountHistory: [],
      completedIssueCountHistory: [],
    },
    url,
    type: 'Project',
    organizationId: ORGANIZATION_ID,
    webhookTimestamp: fixture.webhookTimestamp ?? Date.now(),
    webhookId: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
  };
}

/** A Linear `Comment` webhook payload (CLOS records it as unhandled). */
export function linearCommentWebhook(webhookTimestamp: number = Date.now()): Record<string, unknown> {
  return {
    action: 'create',
    actor: { id: ADA.id, type: 'user', name: ADA.name },
    createdAt: new Date(webhookTimestamp).toISOString(),
    data: {
      id: '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716',
      body: 'Looks good to me.',
      issueId: '2b1f1b8e-4c3d-4e5f-8a9b-000000000044',
      userId: ADA.id,
      createdAt: new Date(webhookTimestamp).toISOString(),
      updatedAt: new Date(webhookTimestamp).toISOString(),
    },
    url: 'https://linear.app/acme/issue/PAY-44/retry-failed-payouts#comment-5e4d3c2b',
    type: 'Comment',
    organizationId: ORGANIZATION_ID,
    webhookTimestamp,
    webhookId: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
  };
}
