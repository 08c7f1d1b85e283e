import {
  ClosError,
  ERROR_CODES,
  methodNotAllowed,
  conflict,
  forbidden,
  gateNotMet,
  invalidInput,
  isClosError,
  isErrorCode,
  notFound,
  rateLimited,
  unauthorized,
  unavailable,
  wipLimitExceeded,
} from './errors.js';

describe('ClosError', () => {
  it('carries a code, a message and details', () => {
    const error = new ClosError('Conflict', 'pod exists', { podId: 'payments' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('Conflict');
    expect(error.message).toBe('pod exists');
    expect(error.details).toEqual({ podId: 'payments' });
    expect(error.name).toBe('ClosError');
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new ClosError('Unavailable', 'down', undefined, { cause }).cause).toBe(cause);
  });

  it('has one helper per code', () => {
    const made = [
      invalidInput('x'),
      unauthorized('x'),
      forbidden('x'),
      notFound('x'),
      conflict('x'),
      wipLimitExceeded('x'),
      gateNotMet('x', { missing: [] }),
      rateLimited('x'),
      unavailable('x'),
      methodNotAllowed('x'),
    ];
    expect(made.map((e) => e.code)).toEqual([...ERROR_CODES]);
    expect(made[6]?.details).toEqual({ missing: [] });
  });

  it('is recognised by code', () => {
    expect(isClosError(notFound('x'))).toBe(true);
    expect(isClosError(notFound('x'), 'NotFound')).toBe(true);
    expect(isClosError(notFound('x'), 'Conflict')).toBe(false);
    expect(isClosError(new Error('x'))).toBe(false);
    expect(isErrorCode('GateNotMet')).toBe(true);
    expect(isErrorCode('Teapot')).toBe(false);
  });
});
