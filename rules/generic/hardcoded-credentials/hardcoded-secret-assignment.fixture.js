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

function tlsOptions(settings) {
  return {
    key: settings.key,
    // ok: hardcoded-secret-assignment
    passphrase: process.env.HTTPS_SERVER_KEY_PASSPHRASE,
    // ok: hardcoded-secret-assignment
    csrfmiddlewaretoken: this.options.csrfToken,
  };
}

const Headers = {
  // ok: hardcoded-secret-assignment
  XCsrfToken: "X-CSRF-Token",
  // ok: hardcoded-secret-assignment
  PROXY_PASSWORD_PROPERTY: "com.acme.transport.httpclient.proxyPassword",
  // ruleid: hardcoded-secret-assignment
  webhookSecret: 'Zr5k-Qw8x_Lm2T',
};

module.exports = { config, authenticate, tlsOptions, Headers };
