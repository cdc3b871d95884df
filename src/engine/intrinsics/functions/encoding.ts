import { createHash } from 'node:crypto';
import { intrinsicFailure, limitedStringArg, stringArg } from './arguments';
import type { IntrinsicFunction } from './types';

export const statesBase64Encode: IntrinsicFunction = (args) =>
  Buffer.from(limitedStringArg('States.Base64Encode', args, 0), 'utf8').toString('base64');

export const statesBase64Decode: IntrinsicFunction = (args) => {
  const text = limitedStringArg('States.Base64Decode', args, 0);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw intrinsicFailure('States.Base64Decode', 'the input is not valid base64');
  }
  return Buffer.from(text, 'base64').toString('utf8');
};

const ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const statesHash: IntrinsicFunction = (args) => {
  const data = limitedStringArg('States.Hash', args, 0);
  const algorithm = stringArg('States.Hash', args, 1);
  const nodeAlgorithm = ALGORITHMS[algorithm];
  if (nodeAlgorithm === undefined) {
    throw intrinsicFailure(
      'States.Hash',
      `the algorithm must be one of ${Object.keys(ALGORITHMS).join(', ')}, but was '${algorithm}'`,
    );
  }
  return createHash(nodeAlgorithm).update(data, 'utf8').digest('hex');
};
