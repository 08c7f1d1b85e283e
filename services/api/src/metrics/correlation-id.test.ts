import type { IncomingMessage } from 'node:http';
import { correlationIdOf } from './correlation-id.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('correlationIdOf', () => {
  it('is the id a webhook delivery\'s events carry', () => {
    expect(correlationIdOf(request({ 'x-github-delivery': 'abc-123' }))).toBe('github:abc-123');
    expect(correlationIdOf(request({ 'linear-delivery': 'f00' }))).toBe('linear:f00');
  });

  it('takes a sane caller-given id and replaces anything else', () => {
    expect(correlationIdOf(request({ 'x-correlation-id': 'trace.1:2-3' }))).toBe('trace.1:2-3');
    expect(correlationIdOf(request({ 'x-correlation-id': '<script>' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(request({ 'x-correlation-id': 'a'.repeat(200) }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf(request({}))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
