import { randomUUID } from 'node:crypto';

/** A project in the stand-in. */
export interface FakeLinearProject {
  id: string;
  name: string;
}

/** An issue in the stand-in. */
export interface FakeLinearIssue {
  id: string;
  identifier: string;
  title: string;
  stateType: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
  projectId: string | null;
  labelIds: string[];
}

/** A label in the stand-in. */
export interface FakeLinearLabel {
  id: string;
  name: string;
}

/** A comment created through the API. */
export interface FakeLinearComment {
  id: string;
  issueId: string;
  body: string;
  createdAt: string;
}

/** In-memory Linear workspace. */
export class FakeLinearState {
  readonly projects: FakeLinearProject[] = [];
  readonly issues: FakeLinearIssue[] = [];
  readonly labels: FakeLinearLabel[] = [];
  readonly comments: FakeLinearComment[] = [];
  lastSyncId = 1000;

  addProject(input: { name: string; id?: string }): FakeLinearProject {
    const project = { id: input.id ?? randomUUID(), name: input.name };
    this.projects.push(project);
    return project;
  }

  addIssue(input: Partial<FakeLinearIssue> & { identifier: string }): FakeLinearIssue {
    const issue: FakeLinearIssue = {
      id: randomUUID(),
      title: `Issue ${input.identifier}`,
      stateType: 'unstarted',
      projectId: null,
      labelIds: [],
      ...input,
    };
    this.issues.push(issue);
    return issue;
  }

  addLabel(input: { name: string; id?: string }): FakeLinearLabel {
    const label = { id: input.id ?? randomUUID(), name: input.name };
    this.labels.push(label);
    return label;
  }

  /** Linear accepts an issue's UUID or its identifier wherever an issue id is asked for. */
  findIssue(idOrIdentifier: string): FakeLinearIssue | undefined {
    const upper = idOrIdentifier.toUpperCase();
    return this.issues.find((i) => i.id === idOrIdentifier || i.identifier === upper);
  }
}
