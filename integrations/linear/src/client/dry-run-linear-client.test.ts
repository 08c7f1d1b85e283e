import { createLinearClient } from './create-linear-client.js';
import { createDryRunLinearClient, type DryRunLinearClient } from './dry-run-linear-client.js';

describe('createDryRunLinearClient', () => {
  it('logs and records each call, and reads as an empty workspace', async () => {
    const lines: string[] = [];
    const client = createDryRunLinearClient({
      log: { info: (_fields, message) => lines.push(message), warn: () => undefined },
      now: () => new Date('2025-03-04T10:00:00Z'),
    });
    expect(await client.createComment('PAY-44', 'Over the limit')).toEqual({ id: 'dry-run-comment-1' });
    expect(await client.listProjectIssues('Payout reliability')).toEqual([]);
    await client.addLabel('PAY-44', 'over-wip');
    expect(client.calls.map((c) => c.operation)).toEqual(['createComment', 'listProjectIssues', 'addLabel']);
    expect(client.calls[0]).toEqual({ operation: 'createComment', args: { issueId: 'PAY-44', body: 'Over the limit' }, at: '2025-03-04T10:00:00.000Z' });
    expect(lines[0]).toBe('[dry-run] would comment on PAY-44');
  });
});

describe('createLinearClient', () => {
  it('uses the dry-run client without an API key and the SDK client with one', () => {
    const quiet = { info: () => undefined, warn: () => undefined };
    expect((createLinearClient({ log: quiet }) as DryRunLinearClient).calls).toEqual([]);
    expect('calls' in createLinearClient({ apiKey: 'lin_api_x', apiUrl: 'http://127.0.0.1:9/graphql' })).toBe(false);
  });
});
