interface DbOptions { user: string; password: string }

// ruleid: javascript-hardcoded-credentials
const adminPassword: string = "admin#2024!x";

export const options: DbOptions = {
  user: 'reporting',
  // ok: javascript-hardcoded-credentials
  password: process.env.REPORTING_DB_PASSWORD ?? '',
};

export function login(): string {
  // ok: javascript-hardcoded-credentials
  const passwordInputType = 'password';
  return adminPassword + passwordInputType;
}
