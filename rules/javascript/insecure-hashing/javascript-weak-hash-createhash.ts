import { createHash } from 'crypto';

export function cacheKey(input: string): string {
  // ok: javascript-weak-hash-createhash
  return createHash('md5').update(input).digest('hex') as string;
}

export function strongKey(input: string): string {
  // ok: javascript-weak-hash-createhash
  return createHash('sha512').update(input).digest('hex');
}

export class Uploads {
  contentEtag(input: Buffer): string {
    // ok: javascript-weak-hash-createhash
    return createHash('md5').update(input).digest('hex');
  }
}

export function resetCode(email: string, issuedAt: number): string {
  // ruleid: javascript-weak-hash-createhash
  return createHash('sha1').update(`${email}:${issuedAt}`).digest('hex');
}
