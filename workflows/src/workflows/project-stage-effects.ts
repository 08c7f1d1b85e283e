import type { RecordedEventType } from '@clos/domain';
import type { Outbox } from './effects.js';
import type { StageChange } from './project-stage-model.js';

/** What the effects need to know about the project. */
export interface ProjectContext {
  projectId: string;
  podId: string;
  channel?: string;
  now: string;
  stageName: (stageId: string) => string;
}

function event(outbox: Outbox, project: ProjectContext, type: RecordedEventType, payload: Record<string, unknown>, personId?: string): void {
  outbox.record({
    kind: 'event',
    event: {
      key: outbox.nextKey(),
      type,
      occurredAt: project.now,
      subject: { projectId: project.projectId, podId: project.podId, ...(personId !== undefined ? { personId } : {}) },
      payload,
    },
  });
}

function notify(outbox: Outbox, project: ProjectContext, kind: 'stage.advanced' | 'stage.escalated' | 'stage.overdue', text: string): void {
  outbox.notify({
    podId: project.podId,
    kind,
    text,
    threadKey: `stage:${project.projectId}`,
    ...(project.channel !== undefined ? { channel: project.channel } : {}),
  });
}

/** Turns what changed into transitions, evidence, events, audit entries and notifications. */
export function queueStageEffects(outbox: Outbox, project: ProjectContext, changes: StageChange[]): void {
  const name = project.stageName;
  for (const change of changes) {
    switch (change.kind) {
      case 'started':
        outbox.record({
          kind: 'stageTransition',
          transition: { key: outbox.nextKey(), projectId: project.projectId, from: null, to: change.to, kind: 'start', details: {}, at: change.at },
        });
        outbox.record({ kind: 'projectStage', project: { projectId: project.projectId, stageId: change.to, enteredAt: change.at, status: 'active' } });
        event(outbox, project, 'stage.started', { stageId: change.to });
        break;
      case 'advanced': {
        outbox.record({
          kind: 'stageTransition',
          transition: {
            key: outbox.nextKey(),
            projectId: project.projectId,
            from: change.from,
            to: change.to,
            kind: change.how,
            actor: change.actor,
            ...(change.reason !== undefined ? { reason: change.reason } : {}),
            details: {},
            at: change.at,
          },
        });
        outbox.record({ kind: 'projectStage', project: { projectId: project.projectId, stageId: change.to, enteredAt: change.at, status: 'active' } });
        event(outbox, project, change.how === 'override' ? 'stage.overridden' : 'stage.advanced', {
          from: change.from,
          to: change.to,
          actor: change.actor,
          ...(change.reason !== undefined ? { reason: change.reason } : {}),
        });
        if (change.how === 'override') {
          outbox.record({
            kind: 'audit',
            audit: {
              key: outbox.nextKey(),
              actor: change.actor,
              action: 'stage.override',
              target: `project:${project.projectId}`,
              details: { from: change.from, to: change.to, reason: change.reason ?? null },
              at: change.at,
            },
          });
        }
        const by = change.how === 'override' ? ` (override by ${change.actor}: ${change.reason ?? ''})` : '';
        notify(outbox, project, 'stage.advanced', `Project ${project.projectId} moved from ${name(change.from)} to ${name(change.to)}${by}.`);
        break;
      }
      case 'refused':
        event(outbox, project, 'stage.advance_refused', {
          stageId: change.stageId,
          by: change.by,
          failedRequests: change.failedRequests,
          missing: change.missing.map((m) => m.criterionId),
        });
        break;
      case 'escalated': {
        event(outbox, project, 'stage.escalated', {
          stageId: change.stageId,
          by: change.by,
          failedRequests: change.failedRequests,
          missing: change.missing.map((m) => m.criterionId),
        });
        outbox.record({
          kind: 'projectStage',
          project: { projectId: project.projectId, stageId: change.stageId, status: 'paused' },
        });
        const missing = change.missing.map((m) => m.description ?? m.criterionId).join('; ');
        notify(
          outbox,
          project,
          'stage.escalated',
          `Project ${project.projectId} is stuck in ${name(change.stageId)}: ${change.failedRequests} advance requests were refused ` +
            `(missing: ${missing}). The gate is paused until a lead resumes it.`,
        );
        break;
      }
      case 'resumed':
        outbox.record({
          kind: 'audit',
          audit: {
            key: outbox.nextKey(),
            actor: change.by,
            action: 'stage.resume',
            target: `project:${project.projectId}`,
            details: { stageId: change.stageId, role: change.role, reason: change.reason ?? null },
            at: project.now,
          },
        });
        outbox.record({
          kind: 'projectStage',
          project: { projectId: project.projectId, stageId: change.stageId, status: 'active' },
        });
        event(outbox, project, 'stage.resumed', { stageId: change.stageId, by: change.by });
        break;
      case 'overdue':
        event(outbox, project, 'stage.time_limit_exceeded', { stageId: change.stageId, enteredAt: change.enteredAt, deadline: change.deadline });
        notify(
          outbox,
          project,
          'stage.overdue',
          `Project ${project.projectId} has been in ${name(change.stageId)} since ${change.enteredAt.slice(0, 10)}, past its time limit (${change.deadline.slice(0, 10)}).`,
        );
        break;
      case 'evidence':
        outbox.record({
          kind: 'evidence',
          evidence: {
            key: outbox.nextKey(),
            projectId: project.projectId,
            stageId: change.stageId,
            criterionId: change.evidence.criterionId,
            by: change.evidence.by,
            value: change.evidence.value,
            at: change.evidence.at,
            ...(change.evidence.role !== undefined ? { role: change.evidence.role } : {}),
          },
        });
        event(outbox, project, 'stage.evidence_submitted', { stageId: change.stageId, criterionId: change.evidence.criterionId }, change.evidence.by);
        break;
    }
  }
}
