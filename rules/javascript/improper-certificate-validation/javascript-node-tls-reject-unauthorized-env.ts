import fetch from 'node-fetch';

if (process.env.ALLOW_SELF_SIGNED) {
  // ruleid: javascript-node-tls-reject-unauthorized-env
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export function relaxForTests(): void {
  // ruleid: javascript-node-tls-reject-unauthorized-env
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = "0";
}

export function strict(): void {
  // ok: javascript-node-tls-reject-unauthorized-env
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';
  // ok: javascript-node-tls-reject-unauthorized-env
  process.env.NODE_EXTRA_CA_CERTS = '0';
}

export const ping = (url: string) => fetch(url);
