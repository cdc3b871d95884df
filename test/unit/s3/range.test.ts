import { parseRange } from '../../../src/s3/range';

describe('parseRange', () => {
  it.each([
    [undefined, 10, { kind: 'all' }],
    ['bytes=0-0', 10, { kind: 'range', start: 0, end: 0 }],
    ['bytes=2-4', 10, { kind: 'range', start: 2, end: 4 }],
    ['bytes=7-', 10, { kind: 'range', start: 7, end: 9 }],
    ['bytes=5-100', 10, { kind: 'range', start: 5, end: 9 }],
    ['bytes=-3', 10, { kind: 'range', start: 7, end: 9 }],
    ['bytes=-30', 10, { kind: 'range', start: 0, end: 9 }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }],
    ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=4-2', 10, { kind: 'all' }],
    ['bytes=0-1,3-4', 10, { kind: 'all' }],
    ['items=0-1', 10, { kind: 'all' }],
  ] as const)('%s of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
