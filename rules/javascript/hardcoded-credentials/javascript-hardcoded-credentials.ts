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
