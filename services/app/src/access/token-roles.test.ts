import { describeRoles, inScope, isOrgAdmin, parseRoleSpecs, podsWithRole, roleInPod } from './token-roles.js';

describe('parseRoleSpecs', () => {
  it('reads pod roles, every-pod roles and admin', () => {
    expect(parseRoleSpecs(['payments:lead', '*:viewer'])).toEqual({ payments: 'lead', '*': 'viewer' });
    expect(parseRoleSpecs(['admin'])).toEqual({ '*': 'admin' });
    expect(parseRoleSpecs([])).toEqual({});
  });

  it('keeps the stronger role when a pod is named twice, whatever the order', () => {
    expect(parseRoleSpecs(['payments:lead', 'payments:viewer'])).toEqual({ payments: 'lead' });
    expect(parseRoleSpecs(['payments:viewer', 'payments:lead'])).toEqual({ payments: 'lead' });
  });

  it.each([
    ['payments', 'expected <pod>:<role>'],
    ['payments:boss', 'not one of'],
    ['payments:admin', 'organisation-wide'],
    ['bad pod!:viewer', 'not a pod id'],
  ])('refuses %s', (spec, message) => {
    expect(() => parseRoleSpecs([spec])).toThrow(message);
  });
});

describe('roles in pods', () => {
  const roles = { payments: 'lead', ops: 'viewer', '*': 'member' } as const;

  it('takes the stronger of the pod role and the every-pod role', () => {
    expect(roleInPod(roles, 'payments')).toBe('lead');
    expect(roleInPod(roles, 'ops')).toBe('member');
    expect(roleInPod(roles, 'search')).toBe('member');
    expect(roleInPod({ payments: 'viewer' }, 'search')).toBeUndefined();
  });

  it('scopes listings to the pods holding the role', () => {
    expect(podsWithRole({ payments: 'lead', ops: 'viewer' }, 'member')).toEqual(['payments']);
    expect(podsWithRole(roles, 'member')).toBe('all');
    expect(podsWithRole({}, 'viewer')).toEqual([]);
    expect(inScope(['payments'], 'payments')).toBe(true);
    expect(inScope(['payments'], null)).toBe(false);
    expect(inScope('all', null)).toBe(true);
  });

  it('knows the organisation admin and describes roles for listings', () => {
    expect(isOrgAdmin({ '*': 'admin' })).toBe(true);
    expect(isOrgAdmin({ '*': 'lead' })).toBe(false);
    expect(describeRoles({ payments: 'lead', '*': 'viewer', ops: 'member' })).toBe('*:viewer, ops:member, payments:lead');
    expect(describeRoles({ '*': 'admin' })).toBe('admin');
  });
});
