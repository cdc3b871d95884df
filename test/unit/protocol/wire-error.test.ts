import { isWireError, WireError } from '../../../src/protocol/wire-error';

describe('WireError', () => {
  it('is a 400 sender fault named after its code unless told otherwise', () => {
    const error = new WireError('QueueDoesNotExist', 'no such queue');
    expect([error.name, error.status, error.fault, error.queryCode]).toEqual([
      'QueueDoesNotExist',
      400,
      'Sender',
      'QueueDoesNotExist',
    ]);
    expect(new WireError('InternalFailure', 'x', { status: 500 }).fault).toBe('Receiver');
    expect(new WireError('Throttled', 'x', { status: 400, fault: 'Receiver' }).fault).toBe('Receiver');
  });

  it('is recognised by its brand, not by its class', () => {
    expect(isWireError(new WireError('NoSuchKey', 'x', { status: 404 }))).toBe(true);
    expect(isWireError(Object.assign(new Error('x'), { code: 'NoSuchKey', status: 404 }))).toBe(false);
    expect(isWireError({ [Symbol.for('fanout.WireError')]: true })).toBe(true);
    expect(isWireError(undefined)).toBe(false);
  });
});
