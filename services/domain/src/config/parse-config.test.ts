import { ClosError } from '../errors.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { closConfigJsonSchema } from './config-json-schema.js';
import { isIanaTimeZone } from './config-schema.js';
import { parseClosConfig, validateClosConfig } from './parse-config.js';

/** The example of the foundation specification, verbatim. */
const EXAMPLE = `org: acme
timezone: Europe/Berlin
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    perPersonWipLimit: 2
    repos: [acme/payments-api, acme/payments-web]
    linearTeams: [PAY]
    slackChannel: C0PAYMENTS
    members:
      - github: alice
        slack: U0ALICE
        role: lead
      - github: bob
        role: member
projects:
  - id: checkout-v2
    name: Checkout v2
    pod: payments
    template: delivery
    linearProject: Checkout v2
`;

function issuesOf(text: string, fileName = 'clos.yml'): ConfigIssue[] {
  try {
    parseClosConfig(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(ClosError);
    expect((error as ConfigError).code).toBe('InvalidInput');
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

function messageOf(text: string, fileName = 'clos.yml'): string {
  try {
    parseClosConfig(text, fileName);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseClosConfig', () => {
  it('accepts the reference example exactly as written, applying defaults', () => {
    expect(parseClosConfig(EXAMPLE, 'clos.yml')).toEqual({
      org: 'acme',
      timezone: 'Europe/Berlin',
      pods: [
        {
          id: 'payments',
          name: 'Payments',
          wipLimit: 3,
          perPersonWipLimit: 2,
          mode: 'enforce',
          expedite: { label: 'expedite', quota: 1 },
          repos: ['acme/payments-api', 'acme/payments-web'],
          linearTeams: ['PAY'],
          slackChannel: 'C0PAYMENTS',
          members: [
            { github: 'alice', slack: 'U0ALICE', role: 'lead' },
            { github: 'bob', role: 'member' },
          ],
        },
      ],
      templates: [],
      projects: [{ id: 'checkout-v2', name: 'Checkout v2', pod: 'payments', template: 'delivery', linearProject: 'Checkout v2' }],
    });
  });

  it('accepts every optional field', () => {
    const text = `${EXAMPLE.replace(
      '    slackChannel: C0PAYMENTS\n',
      [
        '    slackChannel: C0PAYMENTS',
        '    mode: warn',
        '    expedite: { label: hotfix, quota: 2 }',
        '    healthThresholds: { blockerAgeDays: 5, standupParticipation: 0.5 }',
        '',
      ].join('\n'),
    )}templates:
  - id: lean
    name: Lean
    stages:
      - id: build
        name: Build
        timeLimitDays: 10
        criteria:
          - { id: green, type: checks, checks: [ci/test] }
          - { id: reviewed, type: approvals, count: 2, role: member }
      - id: done
        name: Done
configRepo: acme/policy
`.replace('    linearProject: Checkout v2\n', '    linearProject: Checkout v2\n    stageTimeLimitDays: 14\n');
    const cfg = parseClosConfig(text.replace('template: delivery', 'template: lean'), 'clos.yml');
    expect(cfg.pods[0]).toMatchObject({ mode: 'warn', expedite: { label: 'hotfix', quota: 2 }, healthThresholds: { blockerAgeDays: 5 } });
    expect(cfg.templates[0]?.stages[0]?.criteria).toHaveLength(2);
    expect(cfg.templates[0]?.stages[1]?.criteria).toEqual([]);
    expect(cfg.projects[0]).toMatchObject({ template: 'lean', stageTimeLimitDays: 14 });
    expect(cfg.configRepo).toBe('acme/policy');
  });

  it('names the file, the path, the problem and the line of a bad value', () => {
    const text = EXAMPLE.replace('wipLimit: 3', 'wipLimit: 0');
    expect(issuesOf(text)).toEqual([{ path: 'pods[0].wipLimit', message: expect.stringContaining('>=1'), line: 6, column: 15 }]);
    const message = messageOf(text, 'config/clos.yml');
    expect(message).toContain('config/clos.yml');
    expect(message).toMatch(/pods\[0\]\.wipLimit \(line 6, column 15\): .*>=1/);
  });

  it('reports a missing required field at the mapping that should hold it', () => {
    expect(issuesOf(EXAMPLE.replace('    wipLimit: 3\n', ''))).toEqual([
      { path: 'pods[0].wipLimit', message: 'required (number)', line: 4, column: 5 },
    ]);
  });

  it('refuses unknown keys, pointing at the key, so a typo never passes silently', () => {
    expect(issuesOf(EXAMPLE.replace('perPersonWipLimit', 'perPersonWipLimt'))).toEqual([
      { path: 'pods[0]', message: expect.stringContaining('perPersonWipLimt'), line: 7, column: 5 },
    ]);
  });

  it('lists every problem at once', () => {
    const text = EXAMPLE.replace('Europe/Berlin', 'Mars/Olympus').replace('role: member', 'role: boss').replace('wipLimit: 3', 'wipLimit: three');
    expect(issuesOf(text).map((i) => [i.path, i.line])).toEqual([
      ['timezone', 2],
      ['pods[0].wipLimit', 6],
      ['pods[0].members[1].role', 16],
    ]);
  });

  it('checks repositories, ids and time zones', () => {
    const text = EXAMPLE.replace('acme/payments-web', 'payments-web').replace('id: payments', 'id: Payments');
    expect(issuesOf(text).map((i) => i.path)).toEqual(['pods[0].id', 'pods[0].repos[1]']);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaTimeZone('+02:00')).toBe(false);
    expect(isIanaTimeZone('Nowhere/Special')).toBe(false);
  });

  it('needs at least one identity per member', () => {
    expect(issuesOf(EXAMPLE.replace('      - github: bob\n        role: member', '      - name: Bob\n        role: member'))).toEqual([
      { path: 'pods[0].members[1]', message: 'a member needs at least one of github, slack or linear', line: 15, column: 9 },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('org: acme\npods: [\n');
    expect(issues[0]).toMatchObject({ path: '', message: expect.stringMatching(/^YAML syntax/), line: expect.any(Number) });
    expect(issuesOf('org: a\norg: b\ntimezone: UTC\npods: []\n')[0]?.message).toMatch(/unique/i);
  });

  it('reports an empty file', () => {
    expect(messageOf('', 'clos.yml')).toMatch(/clos\.yml is invalid.*\n.*the file is empty/);
    expect(issuesOf('# nothing\n')).toHaveLength(1);
  });

  it('survives any shape without crashing, and skips cross checks until the shape is right', () => {
    expect(issuesOf('org: acme\ntimezone: UTC\npods: 3\nprojects: [{ id: x, name: X, pod: nope, template: nope }]\n')).toEqual([
      { path: 'pods', message: expect.stringContaining('expected array'), line: 3, column: 7 },
    ]);
    expect(issuesOf('- 1\n- 2\n')[0]).toMatchObject({ path: '', message: expect.stringContaining('expected object') });
  });

  it('reads YAML 1.2: "on" is a string, not a boolean', () => {
    const cfg = parseClosConfig(EXAMPLE.replace('org: acme', 'org: on'), 'clos.yml');
    expect(cfg.org).toBe('on');
  });
});

describe('cross checks', () => {
  const secondPod = `  - id: growth
    name: Growth
    wipLimit: 2
    repos: [acme/growth]
    linearTeams: [GRO]
    members:
      - github: carol
        role: lead
`;
  const withSecondPod = EXAMPLE.replace('projects:\n', `${secondPod}projects:\n`);

  it('accepts two pods sharing nothing', () => {
    expect(parseClosConfig(withSecondPod, 'clos.yml').pods).toHaveLength(2);
  });

  it('refuses duplicate pod and project ids', () => {
    const text = withSecondPod.replace('id: growth', 'id: payments').concat(
      '  - id: checkout-v2\n    name: Again\n    pod: payments\n    template: spec\n',
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path)).toEqual(['pods[1].id', 'projects[1].id']);
    expect(issues[0]?.message).toMatch(/duplicate pod id "payments"/);
    expect(issues[0]?.line).toBe(17);
  });

  it('refuses a project of an unknown pod or template', () => {
    const issues = issuesOf(EXAMPLE.replace('pod: payments', 'pod: billing').replace('template: delivery', 'template: kanban'));
    expect(issues).toEqual([
      { path: 'projects[0].pod', message: 'unknown pod "billing" (known: payments)', line: 20, column: 10 },
      { path: 'projects[0].template', message: 'unknown template "kanban" (known: delivery, spec)', line: 21, column: 15 },
    ]);
  });

  it('refuses a repository or Linear team in two pods (any case)', () => {
    const text = withSecondPod.replace('repos: [acme/growth]', 'repos: [Acme/Payments-API]').replace('[GRO]', '[pay]');
    expect(issuesOf(text).map((i) => [i.path, i.message])).toEqual([
      ['pods[1].repos[0]', 'repository Acme/Payments-API is in more than one pod, already used by pod "payments"'],
      ['pods[1].linearTeams[0]', 'Linear team pay is in more than one pod, already used by pod "payments"'],
    ]);
  });

  it('refuses the same identity twice in a pod', () => {
    const text = EXAMPLE.replace('      - github: bob\n', '      - github: Alice\n');
    expect(issuesOf(text).map((i) => i.path)).toEqual(['pods[0].members[1].github']);
  });

  it('refuses custom templates that shadow a built-in, repeat an id or are malformed', () => {
    const text = `${EXAMPLE}templates:
  - id: delivery
    name: Mine
    stages: [{ id: a, name: A }, { id: b, name: B }]
  - id: lean
    name: Lean
    stages:
      - id: a
        name: A
        criteria:
          - { id: doc, type: artifact }
          - { id: doc, type: checks }
      - id: a
        name: Done
        criteria: [{ id: x, type: signoff }]
  - id: lean
    name: Lean again
    stages: [{ id: only, name: Only }]
`;
    expect(issuesOf(text).map((i) => [i.path, i.message])).toEqual([
      ['templates[1].stages[0].criteria[0].path', 'an artifact criterion needs a path'],
      ['templates[1].stages[0].criteria[1].checks', 'a checks criterion needs check names or fromTasks: true'],
      ['templates[2].stages', 'a template needs at least two stages (the last one is terminal)'],
    ]);
    const shapeFixed = text
      .replace('{ id: doc, type: artifact }', '{ id: doc, type: artifact, path: README.md }')
      .replace('{ id: doc, type: checks }', '{ id: doc, type: checks, fromTasks: true }')
      .replace('[{ id: only, name: Only }]', '[{ id: only, name: Only }, { id: end, name: End }]');
    expect(issuesOf(shapeFixed).map((i) => [i.path, i.message])).toEqual([
      ['templates[1].stages[0].criteria[1].id', 'duplicate criterion id "doc" in stage "a"'],
      ['templates[1].stages[1].id', 'duplicate stage id "a"'],
      ['templates[1].stages[1].criteria', 'the last stage is terminal and cannot have criteria (they would never be evaluated)'],
    ]);
    const stagesFixed = shapeFixed
      .replace('{ id: doc, type: checks, fromTasks: true }', '{ id: doc2, type: checks, fromTasks: true }')
      .replace('      - id: a\n        name: Done\n        criteria: [{ id: x, type: signoff }]\n', '      - id: done\n        name: Done\n');
    expect(issuesOf(stagesFixed).map((i) => [i.path, i.message])).toEqual([
      ['templates[0].id', 'template id "delivery" is a built-in template; choose another id'],
      ['templates[2].id', 'duplicate template id "lean", already used by templates[1]'],
    ]);
  });

  it('refuses one Linear project mapped to two projects', () => {
    const text = `${EXAMPLE}  - id: checkout-v3\n    name: Checkout v3\n    pod: payments\n    template: spec\n    linearProject: checkout V2\n`;
    expect(issuesOf(text).map((i) => i.path)).toEqual(['projects[1].linearProject']);
  });
});

describe('validateClosConfig', () => {
  it('validates an object edited through the API', () => {
    expect(validateClosConfig({ org: 'acme', timezone: 'UTC', pods: [] }).projects).toEqual([]);
    try {
      validateClosConfig({ org: 'acme', timezone: 'UTC', pods: [{ id: 'p', name: 'P', wipLimit: 'x' }] }, 'api');
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([{ path: 'pods[0].wipLimit', message: expect.stringContaining('expected number') }]);
      expect((error as Error).message).toMatch(/^api is invalid/);
    }
  });
});

describe('closConfigJsonSchema', () => {
  it('describes clos.yml as written, defaults optional', () => {
    const schema = closConfigJsonSchema() as {
      $schema: string;
      title: string;
      required: string[];
      properties: { pods: { items: { required: string[]; properties: Record<string, unknown> } } };
    };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.title).toBe('clos.yml');
    expect(schema.required).toEqual(['org', 'timezone', 'pods']);
    expect(schema.properties.pods.items.required).toEqual(['id', 'name', 'wipLimit']);
    expect(Object.keys(schema.properties.pods.items.properties)).toEqual(
      expect.arrayContaining(['perPersonWipLimit', 'mode', 'expedite', 'members', 'healthThresholds']),
    );
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
