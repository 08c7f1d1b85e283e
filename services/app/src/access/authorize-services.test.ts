import { ClosError, gateNotMet, parseClosConfig } from '@clos/domain';
import { ConfigHolder, type AuditInput } from '@clos/platform';
import { accessCheck, authorizeServices, type AccessRules, type CallContext } from './authorize-services.js';
import { liveMemberRoles } from './live-member-roles.js';
import type { Principal } from './principal.js';

/** Services that report the context the wrapper gave them. */
const services = {
  list: async (ctx: CallContext, _input: { pod?: string | undefined }) => ({ pods: ctx.pods }),
  read: async (ctx: CallContext, input: { podId: string }) => ({ podId: input.podId, role: ctx.role }),
  readProject: async (ctx: CallContext, _input: { projectId: string }) => ({ podId: ctx.podId }),
  change: async (_ctx: CallContext, input: { podId: string; fail?: boolean }) => {
    if (input.fail) throw gateNotMet('not yet', { missing: ['x'] });
    return { changed: true };
  },
  adminOnly: async (_ctx: CallContext, _input: Record<string, never>) => 'secret',
  me: async (ctx: CallContext, _input: Record<string, never>) => ctx.actor,
};

const rules: AccessRules<typeof services> = {
  list: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  read: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
  readProject: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  change: {
    requires: { kind: 'pod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'pod.change', target: (i) => `pod:${i.podId}`, outcome: (r) => ({ changed: r.changed }) },
  },
  adminOnly: { requires: { kind: 'org', role: 'admin' } },
  me: { requires: { kind: 'token' } },
};

function wrap(roles: Principal['roles']) {
  const audit: AuditInput[] = [];
  const principal: Principal = { actor: 'token:t1', via: 'token', tokenId: 't1', name: 'ci', roles, expiresAt: null };
  const authorized = authorizeServices(services, rules, {
    principal,
    sourceIp: '192.0.2.1',
    correlationId: 'c-1',
    projectPod: (id) => (id === 'checkout' ? 'payments' : undefined),
    audit: async (entry) => {
      audit.push(entry);
    },
  });
  return { authorized, audit };
}

describe('authorizeServices', () => {
  it('lets a role through and tells the service the role and the pods it may list', async () => {
    const { authorized, audit } = wrap({ payments: 'lead', ops: 'viewer' });
    await expect(authorized.read({ podId: 'payments' })).resolves.toEqual({ podId: 'payments', role: 'lead' });
    await expect(authorized.list({})).resolves.toEqual({ pods: ['ops', 'payments'] });
    await expect(authorized.readProject({ projectId: 'checkout' })).resolves.toEqual({ podId: 'payments' });
    await expect(authorized.me({})).resolves.toBe('token:t1');
    expect(audit).toEqual([]);
  });

  it('refuses a role too weak, in another pod, or missing, recording each refusal', async () => {
    const { authorized, audit } = wrap({ payments: 'member' });
    await expect(authorized.change({ podId: 'payments' })).rejects.toMatchObject({ code: 'Forbidden', message: expect.stringContaining('lead') });
    await expect(authorized.read({ podId: 'ops' })).rejects.toMatchObject({ code: 'Forbidden' });
    await expect(authorized.list({ pod: 'ops' })).rejects.toMatchObject({ code: 'Forbidden' });
    await expect(authorized.adminOnly({})).rejects.toMatchObject({ code: 'Forbidden' });
    expect(audit.map((a) => [a.action, a.target, a.details?.operation])).toEqual([
      ['auth.forbidden', 'pod:payments', 'change'],
      ['auth.forbidden', 'pod:ops', 'read'],
      ['auth.forbidden', 'pod:ops', 'list'],
      ['auth.forbidden', undefined, 'adminOnly'],
    ]);
    expect(audit[0]).toMatchObject({ actor: 'token:t1', sourceIp: '192.0.2.1', details: { needed: 'lead', had: 'member', correlationId: 'c-1' } });
  });

  it('refuses a listing to a token with no role anywhere', async () => {
    const { authorized } = wrap({});
    await expect(authorized.list({})).rejects.toBeInstanceOf(ClosError);
    await expect(authorized.me({})).resolves.toBe('token:t1');
  });

  it('answers NotFound for a project nobody has, before judging roles', async () => {
    const { authorized } = wrap({ '*': 'admin' });
    await expect(authorized.readProject({ projectId: 'ghost' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('records a mutation with its outcome, whether it succeeds or is refused by the service', async () => {
    const { authorized, audit } = wrap({ '*': 'admin' });
    await authorized.change({ podId: 'payments' });
    await expect(authorized.change({ podId: 'payments', fail: true })).rejects.toMatchObject({ code: 'GateNotMet' });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'pod.change.intended', target: 'pod:payments', details: expect.objectContaining({ correlationId: 'c-1', input: { podId: 'payments' } }) }),
      expect.objectContaining({ action: 'pod.change', target: 'pod:payments', details: expect.objectContaining({ outcome: 'done', result: { changed: true }, role: 'admin' }) }),
      expect.objectContaining({ action: 'pod.change.intended', details: expect.objectContaining({ input: { podId: 'payments', fail: true } }) }),
      expect.objectContaining({ action: 'pod.change', details: expect.objectContaining({ outcome: 'refused', error: { code: 'GateNotMet', message: 'not yet' } }) }),
    ]);
    expect(audit[0]!.details).not.toHaveProperty('outcome');
  });

  it('makes no change whose intent the audit log cannot take, and keeps a change whose outcome it loses', async () => {
    const made: string[] = [];
    const failing = new Set<string>();
    const reported: unknown[] = [];
    const authorized = authorizeServices(
      { change: async (_ctx: CallContext, input: { podId: string }) => (made.push(input.podId), { changed: true }) },
      { change: rules.change },
      {
        principal: { actor: 'token:t1', via: 'token', tokenId: 't1', name: 'ci', roles: { '*': 'admin' }, expiresAt: null },
        correlationId: 'c-3',
        projectPod: () => undefined,
        audit: async (entry) => {
          if (failing.has(entry.action)) throw new Error('audit log unreachable');
        },
        onAuditError: (error) => reported.push(error),
      },
    );
    failing.add('pod.change.intended');
    await expect(authorized.change({ podId: 'payments' })).rejects.toMatchObject({ code: 'Unavailable', message: expect.stringContaining('nothing was changed') });
    expect(made).toEqual([]);
    failing.clear();
    failing.add('pod.change');
    await expect(authorized.change({ podId: 'payments' })).resolves.toEqual({ changed: true });
    expect(made).toEqual(['payments']);
    expect(reported).toHaveLength(2);
  });

  it('every org admin is admin in every pod', async () => {
    const { authorized } = wrap({ '*': 'admin' });
    await expect(authorized.read({ podId: 'anything' })).resolves.toEqual({ podId: 'anything', role: 'admin' });
    await expect(authorized.adminOnly({})).resolves.toBe('secret');
  });

  it('a GitHub-login session has the roles the live policy gives now, and none once removed from it', async () => {
    const yml = (role: string) =>
      `org: acme\ntimezone: UTC\npods:\n  - id: payments\n    name: Payments\n    wipLimit: 2\n    repos: [acme/pay]\n    members:\n      - github: Alice\n        role: ${role}\n      - github: bob\n        role: member\n`;
    const policy = new ConfigHolder(parseClosConfig(yml('lead'), 'clos.yml'));
    const audit: AuditInput[] = [];
    const as = (name: string, via: Principal['via'] = 'session') =>
      authorizeServices(services, rules, {
        // Issued with lead at login; what counts is what the policy says at each call.
        principal: { actor: 'session:s1', via, tokenId: 's1', name, roles: { payments: 'lead' }, expiresAt: null },
        correlationId: 'c-2',
        projectPod: () => undefined,
        liveRoles: liveMemberRoles(policy),
        audit: async (entry) => {
          audit.push(entry);
        },
      });
    await expect(as('github:alice').change({ podId: 'payments' })).resolves.toEqual({ changed: true });

    policy.replace(parseClosConfig(yml('viewer'), 'clos.yml'));
    await expect(as('github:alice').change({ podId: 'payments' })).rejects.toMatchObject({ code: 'Forbidden', details: { had: 'viewer' } });

    const withoutAlice = parseClosConfig(yml('viewer'), 'clos.yml');
    policy.replace({ ...withoutAlice, pods: withoutAlice.pods.map((p) => ({ ...p, members: p.members.filter((m) => m.github !== 'Alice') })) });
    await expect(as('github:alice').read({ podId: 'payments' })).rejects.toMatchObject({
      code: 'Forbidden',
      message: expect.stringContaining('no longer lists'),
    });
    // Tokens and login-link sessions keep the roles they were issued with.
    await expect(as('ci', 'token').change({ podId: 'payments' })).resolves.toEqual({ changed: true });
    await expect(as('login link', 'session').change({ podId: 'payments' })).resolves.toEqual({ changed: true });
    expect(audit.filter((a) => a.action === 'auth.forbidden')).toHaveLength(2);
  });
});

describe('accessCheck', () => {
  const check = (roles: Principal['roles']) => {
    const audit: AuditInput[] = [];
    const principal: Principal = { actor: 'alice', via: 'slack', tokenId: 'U1', name: 'slack:U1', roles, expiresAt: null };
    const access = accessCheck(rules, { principal, correlationId: 'c-2', projectPod: () => undefined, audit: async (entry) => void audit.push(entry) });
    return { access, audit };
  };

  it('answers whether the rule lets a call through, recording nothing', async () => {
    const { access, audit } = check({ payments: 'member' });
    await expect(access.permits('read', { podId: 'payments' })).resolves.toBe(true);
    await expect(access.permits('change', { podId: 'payments' })).resolves.toBe(false);
    await expect(access.permits('readProject', { projectId: 'nowhere' })).resolves.toBe(false);
    expect(audit).toEqual([]);
  });

  it('refuses as the call would, recording the refusal, without calling the service', async () => {
    const { access, audit } = check({ payments: 'member' });
    await expect(access.check('read', { podId: 'payments' })).resolves.toBeUndefined();
    await expect(access.check('change', { podId: 'payments' })).rejects.toMatchObject({ code: 'Forbidden', details: { needed: 'lead', had: 'member' } });
    expect(audit).toEqual([expect.objectContaining({ actor: 'alice', action: 'auth.forbidden', target: 'pod:payments', details: expect.objectContaining({ operation: 'change' }) })]);
  });
});
