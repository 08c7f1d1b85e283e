import { extractLinearKeys, githubWorkItemId, linearWorkItemId, parseWorkItemId, workItemLabel } from './work-items.js';

describe('work item ids', () => {
  it('names pull requests and Linear issues', () => {
    expect(githubWorkItemId('acme/payments-api', 12)).toBe('gh:acme/payments-api#12');
    expect(linearWorkItemId('PAY-44')).toBe('lin:PAY-44');
  });

  it('gives the same id whatever the case GitHub or Linear used', () => {
    expect(githubWorkItemId('Acme/Payments-API', 12)).toBe(githubWorkItemId('acme/payments-api', 12));
    expect(linearWorkItemId('pay-44')).toBe('lin:PAY-44');
  });

  it('refuses what is not a repository, number or key', () => {
    expect(() => githubWorkItemId('payments-api', 1)).toThrow(/owner\/name/);
    expect(() => githubWorkItemId('acme/x', 0)).toThrow(/≥ 1/);
    expect(() => githubWorkItemId('acme/x', 1.5)).toThrow(/≥ 1/);
    expect(() => linearWorkItemId('PAY')).toThrow(/PAY-44/);
  });

  it('labels items the way people refer to them', () => {
    expect(workItemLabel('gh:acme/payments-api#12')).toBe('#12');
    expect(workItemLabel('lin:PAY-44')).toBe('PAY-44');
    expect(workItemLabel('something-else')).toBe('something-else');
  });

  it('takes ids apart', () => {
    expect(parseWorkItemId('gh:acme/api#7')).toEqual({ kind: 'github', repo: 'acme/api', number: 7 });
    expect(parseWorkItemId('lin:PAY-44')).toEqual({ kind: 'linear', identifier: 'PAY-44' });
    expect(parseWorkItemId('gh:acme#7')).toBeUndefined();
    expect(parseWorkItemId('lin:44')).toBeUndefined();
  });
});

describe('extractLinearKeys', () => {
  it('finds keys in branch names, titles and bodies, upper-cased, in order, once', () => {
    expect(extractLinearKeys('alice/pay-44-fix-checkout', ['PAY'])).toEqual(['PAY-44']);
    expect(extractLinearKeys('PAY-44: Fix checkout (also pay-12, PAY-44)', ['PAY'])).toEqual(['PAY-44', 'PAY-12']);
    expect(extractLinearKeys('Fixes OPS-3 and PAY-1\nRefs ops-3', ['pay', 'ops'])).toEqual(['OPS-3', 'PAY-1']);
  });

  it('ignores other teams and keys that do not stand alone', () => {
    expect(extractLinearKeys('ENG-4 XPAY-5 PAY-6x PAY-07 PAY-', ['PAY'])).toEqual([]);
    expect(extractLinearKeys('PAY-44', [])).toEqual([]);
    expect(extractLinearKeys('', ['PAY'])).toEqual([]);
  });

  it('prefers the longer of two team keys sharing a prefix', () => {
    expect(extractLinearKeys('PAYX-2 and PAY-3', ['PAY', 'PAYX'])).toEqual(['PAYX-2', 'PAY-3']);
  });

  it('treats team keys literally', () => {
    expect(extractLinearKeys('A.B-1 AXB-1', ['A.B'])).toEqual(['A.B-1']);
  });
});
