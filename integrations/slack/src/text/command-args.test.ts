import { plainLinks, restAfter, splitArgs, unescapeSlackText } from './command-args.js';

describe('command arguments', () => {
  it('splits on whitespace and keeps quoted words together', () => {
    expect(splitArgs('  set  payments 4 ')).toEqual(['set', 'payments', '4']);
    expect(splitArgs('evidence web "demo notes" x')).toEqual(['evidence', 'web', 'demo notes', 'x']);
    expect(splitArgs('evidence web \u201Cdemo notes\u201D')).toEqual(['evidence', 'web', 'demo notes']);
    expect(splitArgs('a "" b')).toEqual(['a', '', 'b']);
    expect(splitArgs('')).toEqual([]);
  });

  it('returns the free text after the leading words', () => {
    expect(restAfter('reject 12   not now,  maybe Q3 ', 2)).toBe('not now,  maybe Q3');
    expect(restAfter('override "web app" because  launch', 2)).toBe('because  launch');
    expect(restAfter('reject', 2)).toBe('');
  });

  it('undoes Slack escaping and link markup', () => {
    expect(unescapeSlackText('a &lt;b&gt; &amp; c')).toBe('a <b> & c');
    expect(plainLinks('see <https://x.test/a|the doc> and <https://y.test>')).toBe('see https://x.test/a and https://y.test');
  });
});
