import { parseTasksMarkdown } from './tasks-markdown.js';

describe('parseTasksMarkdown', () => {
  it('counts checkbox tasks and the checked ones', () => {
    const md = [
      '# Tasks',
      '',
      '- [x] 1. Model the ledger',
      '- [ ] 2. Wire the API',
      '  - [X] 2.1 Route',
      '  * [ ] 2.2 Handler',
      '1. [x] numbered',
      '2) [ ] numbered too',
      '- plain bullet, not a task',
      '- [] malformed, not a task',
      'Text mentioning - [x] inline is not a task',
    ].join('\n');
    expect(parseTasksMarkdown(md)).toEqual({ total: 6, done: 3, verifyChecks: [], verifyTasks: [] });
  });

  it('collects the checks named by [VERIFY] tasks, checked or not, once each', () => {
    const md = [
      '- [x] Unit tests pass [VERIFY] ci/test',
      '- [ ] E2E green [verify] `E2E / chromium` and [VERIFY] lint.',
      '- [ ] again [VERIFY] ci/test',
      '- [ ] tag without a name [VERIFY]',
    ].join('\r\n');
    expect(parseTasksMarkdown(md)).toEqual({
      total: 4,
      done: 1,
      verifyChecks: ['ci/test', 'E2E / chromium', 'lint'],
      verifyTasks: [
        { text: 'Unit tests pass [VERIFY] ci/test', done: true, checks: ['ci/test'] },
        { text: 'E2E green [verify] `E2E / chromium` and [VERIFY] lint.', done: false, checks: ['E2E / chromium', 'lint'] },
        { text: 'again [VERIFY] ci/test', done: false, checks: ['ci/test'] },
        { text: 'tag without a name [VERIFY]', done: false, checks: [] },
      ],
    });
  });

  it('ignores examples inside code fences', () => {
    const md = ['- [ ] real', '```md', '- [x] example [VERIFY] nope', '~~~', '- [x] still inside', '```', '- [x] real too'].join('\n');
    expect(parseTasksMarkdown(md)).toEqual({ total: 2, done: 1, verifyChecks: [], verifyTasks: [] });
  });

  it('reads an empty file as no tasks', () => {
    expect(parseTasksMarkdown('')).toEqual({ total: 0, done: 0, verifyChecks: [], verifyTasks: [] });
  });
});
