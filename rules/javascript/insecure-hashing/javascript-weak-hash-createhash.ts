import { createHash } from 'crypto';

export function cacheKey(input: string): string {
  // ruleid: javascript-weak-hash-createhash
  return createHash('md5').update(input).digest('hex') as string;
}

export function strongKey(input: string): string {
  // ok: javascript-weak-hash-createhash
  return createHash('sha512').update(input).digest('hex');
}
