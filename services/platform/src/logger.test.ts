import { Writable } from 'node:stream';
import { createLogger, withCorrelation } from './logger.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes JSON lines with service, level name and ISO time', () => {
    const out = capture();
    createLogger({ service: 'api', destination: out.stream }).info({ podId: 'payments' }, 'slot granted');
    const [line] = out.lines();
    expect(line).toMatchObject({ service: 'api', level: 'info', msg: 'slot granted', podId: 'payments' });
    expect(String(line!.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('carries the correlation id on every line of a child logger', () => {
    const out = capture();
    const log = withCorrelation(createLogger({ service: 'processor', destination: out.stream }), 'corr-1', { eventId: 'e1' });
    log.info('routed');
    log.child({ step: 2 }).warn('retrying');
    expect(out.lines()).toEqual([
      expect.objectContaining({ correlationId: 'corr-1', eventId: 'e1', msg: 'routed' }),
      expect.objectContaining({ correlationId: 'corr-1', step: 2, level: 'warn' }),
    ]);
  });

  it('redacts secrets', () => {
    const out = capture();
    createLogger({ service: 'api', destination: out.stream }).info(
      { req: { headers: { authorization: 'Bearer abc', 'x-hub-signature-256': 'sha256=1' } }, github: { token: 'ghp_x' } },
      'request',
    );
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toContain('ghp_x');
    expect(text).not.toContain('sha256=1');
  });

  it('honours the level', () => {
    const out = capture();
    const log = createLogger({ service: 'api', level: 'warn', destination: out.stream });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
