import { parseClosConfig } from './parse-config.js';
import { BUILT_IN_TEMPLATES } from '../stage/built-in-templates.js';
import {
  memberByGithub,
  memberByLinear,
  memberBySlack,
  personId,
  podById,
  podForLinearTeam,
  podForRepo,
  projectById,
  projectForLinearProject,
  projectForPullRequest,
  projectsOfPod,
  resolveTemplate,
  roleOf,
} from './lookup.js';

const cfg = parseClosConfig(
  `org: acme
timezone: UTC
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    repos: [acme/payments-api]
    linearTeams: [PAY]
    members:
      - { github: Alice, slack: U0ALICE, role: lead }
      - { github: bob, role: member }
      - { slack: U0CAROL, linear: Carol@Acme.test, role: viewer }
  - id: growth
    name: Growth
    wipLimit: 2
    repos: [acme/growth]
    linearTeams: [GRO]
    members:
      - { github: bob, role: lead }
      - { linear: dave@acme.test, role: admin }
templates:
  - id: lean
    name: Lean
    stages: [{ id: build, name: Build }, { id: done, name: Done }]
projects:
  - { id: checkout-v2, name: Checkout v2, pod: payments, template: delivery, linearProject: Checkout v2 }
  - { id: onboarding, name: Onboarding, pod: growth, template: lean, linearProject: lp-123 }
`,
  'clos.yml',
);

describe('pods and projects', () => {
  it('finds the pod of a repository or Linear team, ignoring case', () => {
    expect(podForRepo(cfg, 'ACME/Payments-Api')?.id).toBe('payments');
    expect(podForRepo(cfg, 'acme/unknown')).toBeUndefined();
    expect(podForLinearTeam(cfg, 'gro')?.id).toBe('growth');
    expect(podForLinearTeam(cfg, 'OPS')).toBeUndefined();
  });

  it('finds pods and projects by id', () => {
    expect(podById(cfg, 'growth')?.name).toBe('Growth');
    expect(podById(cfg, 'nope')).toBeUndefined();
    expect(projectById(cfg, 'onboarding')?.pod).toBe('growth');
    expect(projectsOfPod(cfg, 'payments').map((p) => p.id)).toEqual(['checkout-v2']);
  });
});

describe('projectForPullRequest', () => {
  it('prefers a project label', () => {
    expect(projectForPullRequest(cfg, { labels: ['bug', 'Project:Onboarding'] }, 'Checkout v2')?.id).toBe('onboarding');
  });

  it('skips labels naming no configured project', () => {
    expect(projectForPullRequest(cfg, { labels: ['project:nope', 'project:checkout-v2'] })?.id).toBe('checkout-v2');
    expect(projectForPullRequest(cfg, { labels: ['project:nope'] })).toBeUndefined();
  });

  it('falls back to the Linear project, by name or id, ignoring case', () => {
    expect(projectForPullRequest(cfg, { labels: [] }, 'checkout v2')?.id).toBe('checkout-v2');
    expect(projectForPullRequest(cfg, { labels: [] }, { id: 'lp-123', name: 'Renamed' })?.id).toBe('onboarding');
    expect(projectForPullRequest(cfg, { labels: [] }, { id: null, name: null })).toBeUndefined();
    expect(projectForPullRequest(cfg, { labels: [] }, null)).toBeUndefined();
    expect(projectForLinearProject(cfg, 'Something else')).toBeUndefined();
  });
});

describe('people', () => {
  it('finds members by each identity', () => {
    expect(memberByGithub(cfg, 'alice')?.slack).toBe('U0ALICE');
    expect(memberBySlack(cfg, 'U0CAROL')?.role).toBe('viewer');
    expect(memberByLinear(cfg, 'carol@acme.test')?.slack).toBe('U0CAROL');
    expect(memberByGithub(cfg, 'bob')?.role).toBe('member');
    expect(memberByGithub(cfg, 'bob', 'growth')?.role).toBe('lead');
    expect(memberByGithub(cfg, 'zed')).toBeUndefined();
  });

  it('gives each person one stable id', () => {
    expect(personId({ github: 'Alice', slack: 'U0ALICE' })).toBe('alice');
    expect(personId({ slack: 'U0CAROL', linear: 'carol@acme.test' })).toBe('U0CAROL');
    expect(personId({ linear: 'Dave@Acme.test' })).toBe('dave@acme.test');
    expect(() => personId({})).toThrow(TypeError);
  });

  it('knows the role of a person in a pod, by any identity', () => {
    expect(roleOf(cfg, 'payments', 'alice')).toBe('lead');
    expect(roleOf(cfg, 'payments', 'U0ALICE')).toBe('lead');
    expect(roleOf(cfg, 'payments', 'bob')).toBe('member');
    expect(roleOf(cfg, 'growth', 'bob')).toBe('lead');
    expect(roleOf(cfg, 'growth', 'alice')).toBeUndefined();
    expect(roleOf(cfg, 'payments', 'CAROL@acme.test')).toBe('viewer');
  });

  it('treats an admin of any pod as an admin everywhere', () => {
    expect(roleOf(cfg, 'payments', 'dave@acme.test')).toBe('admin');
  });
});

describe('resolveTemplate', () => {
  it('resolves built-in and custom templates', () => {
    expect(resolveTemplate(cfg, 'delivery')).toBe(BUILT_IN_TEMPLATES.delivery);
    expect(resolveTemplate(cfg, 'spec')).toBe(BUILT_IN_TEMPLATES.spec);
    expect(resolveTemplate(cfg, 'lean')?.stages.map((s) => s.id)).toEqual(['build', 'done']);
    expect(resolveTemplate(cfg, 'toString')).toBeUndefined();
    expect(resolveTemplate(cfg, 'nope')).toBeUndefined();
  });
});
