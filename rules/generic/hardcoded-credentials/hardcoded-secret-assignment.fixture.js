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

module.exports = { config, authenticate };
