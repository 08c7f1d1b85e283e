import { aggregatePushFiles } from './aggregate-push-files.js';

describe('aggregatePushFiles', () => {
  it('reports the net change of each path over the commits', () => {
    expect(
      aggregatePushFiles([
        { added: ['a.md', 'temp.md', 'gone.md'], modified: ['m.md'] },
        { modified: ['a.md'], removed: ['temp.md', 'x.md'] },
        { added: ['x.md'], removed: ['m.md'] },
      ]),
    ).toEqual({ added: ['a.md', 'gone.md'], modified: ['x.md'], removed: ['m.md'] });
  });

  it('handles commits without file lists and empty pushes', () => {
    expect(aggregatePushFiles([])).toEqual({ added: [], modified: [], removed: [] });
    expect(aggregatePushFiles([{}, { modified: ['b'] }])).toEqual({ added: [], modified: ['b'], removed: [] });
  });

  it('lists each path once, sorted', () => {
    expect(aggregatePushFiles([{ modified: ['z', 'a'] }, { modified: ['a'] }])).toEqual({ added: [], modified: ['a', 'z'], removed: [] });
  });
});
