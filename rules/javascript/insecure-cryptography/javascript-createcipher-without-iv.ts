import * as crypto from 'crypto';

export function encryptNote(password: string, note: string): string {
  // ruleid: javascript-createcipher-without-iv
  const cipher = crypto.createCipher('aes-256-cbc', password);
  return cipher.update(note, 'utf8', 'base64') + cipher.final('base64');
}

export function decryptNote(password: string, data: string): string {
  // ruleid: javascript-createcipher-without-iv
  const decipher = crypto.createDecipher('aes-256-cbc', password);
  return decipher.update(data, 'base64', 'utf8') + decipher.final('utf8');
}

export function encryptNoteSafely(key: Buffer, note: string): Buffer {
  const iv = crypto.randomBytes(12);
  // ok: javascript-createcipher-without-iv
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(note), cipher.final()]);
}
