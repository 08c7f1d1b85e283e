import { normalizeBlocker, parseBlockerLines } from './blocker-lines.js';

const scope = { repos: ['acme/web'], linearTeams: ['PAY'] };

describe('blocker lines', () => {
  it('drops blanks, list markers and "none"', () => {
    expect(parseBlockerLines('none', scope)).toEqual([]);
    expect(parseBlockerLines('\n - \n', scope)).toEqual([]);
    const lines = parseBlockerLines('- waiting on API keys\n2) flaky CI', scope);
    expect(lines.map((l) => l.description)).toEqual(['waiting on API keys', 'flaky CI']);
  });

  it('links the work item a line names', () => {
    const [url, qualified, linear, bare] = parseBlockerLines(
      'review https://github.com/acme/api/pull/7 please\nacme/api#8 is red\nPAY-44 needs a decision\n#12 waits for design',
      scope,
    );
    expect(url?.workItemId).toBe('gh:acme/api#7');
    expect(qualified?.workItemId).toBe('gh:acme/api#8');
    expect(linear?.workItemId).toBe('lin:PAY-44');
    expect(bare?.workItemId).toBe('gh:acme/web#12');
  });

  it('does not guess a repository for #12 when the pod has several', () => {
    const [line] = parseBlockerLines('#12 waits', { repos: ['acme/a', 'acme/b'], linearTeams: [] });
    expect(line?.workItemId).toBeUndefined();
  });

  it('matches the same blocker from day to day', () => {
    expect(normalizeBlocker('Waiting on  API keys.')).toBe(normalizeBlocker('waiting on API keys'));
  });
});
