import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf } from './pagination.js';

describe('cursors', () => {
  it('round-trip the sort key of their listing', () => {
    const cursor = encodeCursor('events', ['2025-01-01T09:00:00.123456Z', '42']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('events', cursor, z.tuple([z.string(), z.string()]))).toEqual(['2025-01-01T09:00:00.123456Z', '42']);
  });

  it('refuse cursors of another listing, another shape, or none at all, naming the cursor', () => {
    const key = z.tuple([z.string()]);
    expect(() => decodeCursor('pods', encodeCursor('events', ['x']), key)).toThrow('querystring.cursor: a cursor of another listing (events)');
    expect(() => decodeCursor('pods', encodeCursor('pods', [1]), key)).toThrow('querystring.cursor');
    expect(() => decodeCursor('pods', '%%%', key)).toThrow('querystring.cursor');
  });

  it('cut a page from one row more than asked, with a cursor only when more follow', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = pageOf(rows, 2, 'pods', (r) => [r.id], (r) => r.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor('pods', page.nextCursor!, z.tuple([z.string()]))).toEqual(['b']);
    expect(pageOf(rows, 3, 'pods', (r) => [r.id], (r) => r.id).nextCursor).toBeNull();
  });
});
