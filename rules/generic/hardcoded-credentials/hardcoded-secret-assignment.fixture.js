const config = {
  port: 8080,
  // ruleid: hardcoded-secret-assignment
  apiKey: "k3Lq9zV2xR7wT8nB",
  // ok: hardcoded-secret-assignment
  dbPassword: process.env.DB_PASSWORD,
  // ok: hardcoded-secret-assignment
  refreshToken: newRefreshToken,
};

function authenticate(req) {
  // ok: hardcoded-secret-assignment
  const token = req.headers.authorization;
  // ok: hardcoded-secret-assignment
  const password = req.body.password;
  return { token, password };
}

const messages = {
  // ok: hardcoded-secret-assignment
  forgotPassword: "Passwort vergessen?",
  // ok: hardcoded-secret-assignment
  apiKey: "your-api-key-here",
  // ok: hardcoded-secret-assignment
  sessionToken: "change me later",
};

/*
 * Example request:
 * ok: hardcoded-secret-assignment
 *   token: "p8Xk2mQz7LvR4tWn"
 */
// ok: hardcoded-secret-assignment
const apiKeyHeader = "X-Api-Key"; // apiKey: "Lw3nR8xQ2vKp7Zt"

module.exports = { config, authenticate };
