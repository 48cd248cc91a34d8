interface DbOptions { user: string; password: string }

// ruleid: javascript-hardcoded-credentials
const adminPassword: string = "admin#2024!x";

export const options: DbOptions = {
  user: 'reporting',
  // ok: javascript-hardcoded-credentials
  password: process.env.REPORTING_DB_PASSWORD ?? '',
};

export const authHeaders = {
  // ok: javascript-hardcoded-credentials
  apiKey: 'X-Gateway-Api-Key',
  // ok: javascript-hardcoded-credentials
  token: 'AuthTokenProvider',
};

export function login(): string {
  // ok: javascript-hardcoded-credentials
  const passwordInputType = 'password';
  return adminPassword + passwordInputType;
}

// ruleid: javascript-hardcoded-credentials
const FALLBACK_SIGNING_KEY = '4e1c9a77d0b35f28a6e9c2d1b0f37a58';
// ok: javascript-hardcoded-credentials
const SESSION_KEY_HEADER = 'X-Session-Key';
// ok: javascript-hardcoded-credentials
const cacheKey = 'orders:recent';

export const keys = { FALLBACK_SIGNING_KEY, SESSION_KEY_HEADER, cacheKey };
