import { ClosError, ERROR_CODES, gateNotMet, invalidInput, notFound } from '@clos/domain';
import { z } from 'zod';
import { HTTP_STATUS_BY_CODE, toErrorBody, toHttpError } from './http-errors.js';

describe('error → HTTP mapping', () => {
  it('has a 4xx or 5xx status for every domain code', () => {
    for (const code of ERROR_CODES) {
      expect(HTTP_STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400);
    }
    expect(HTTP_STATUS_BY_CODE).toMatchObject({ InvalidInput: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, RateLimited: 429 });
  });

  it('keeps a coded error’s message and details', () => {
    const missing = [{ criterion: 'approvals', detail: '1 of 2 approvals' }];
    expect(toHttpError(gateNotMet('Stage build is not done: approvals missing', { missing }))).toEqual({
      status: 409,
      body: { error: { code: 'GateNotMet', message: 'Stage build is not done: approvals missing', details: { missing } } },
    });
    expect(toErrorBody(notFound('pod nope not found'))).toEqual({ error: { code: 'NotFound', message: 'pod nope not found' } });
  });

  it('turns a zod error into a 400 naming the paths', () => {
    const result = z.object({ limit: z.number().int().min(1) }).safeParse({ limit: 0 });
    const { status, body } = toHttpError(result.error);
    expect(status).toBe(400);
    expect(body.error.code).toBe('InvalidInput');
    expect(body.error.message).toContain('limit:');
  });

  it('keeps a framework 4xx (malformed JSON) a 4xx', () => {
    const error = Object.assign(new SyntaxError('Unexpected token } in JSON'), { statusCode: 400 });
    expect(toHttpError(error)).toEqual({ status: 400, body: { error: { code: 'InvalidInput', message: 'Unexpected token } in JSON' } } });
  });

  it('answers anything else with a bare 500 that leaks nothing', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    expect(toHttpError(error)).toEqual({ status: 500, body: { error: { code: 'Internal', message: 'Internal server error' } } });
    expect(toHttpError('a string')).toMatchObject({ status: 500 });
    expect(toHttpError(Object.assign(new Error('x'), { statusCode: 502 })).status).toBe(500);
  });

  it('recognises a ClosError subclass', () => {
    class SpecialError extends ClosError {}
    expect(toHttpError(new SpecialError('Forbidden', 'leads only')).status).toBe(403);
    expect(toHttpError(invalidInput('bad')).status).toBe(400);
  });
});
