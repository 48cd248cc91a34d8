const { Pool } = require('pg');
const nodemailer = require('nodemailer');
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;

// ruleid: javascript-hardcoded-credentials
const JWT_SECRET = 'k9$Qz!4vLr2#pXw8';
// ok: javascript-hardcoded-credentials
const SESSION_SECRET = process.env.SESSION_SECRET;
// ok: javascript-hardcoded-credentials
const apiKey = process.env.MAPS_API_KEY || '';

const pool = new Pool({
  host: 'db.internal',
  user: 'billing',
  // ruleid: javascript-hardcoded-credentials
  password: 'Sup3rS3cret-2019',
});

const transport = nodemailer.createTransport({
  host: 'smtp.example.com',
  // ruleid: javascript-hardcoded-credentials
  auth: { user: 'noreply@example.com', pass: 'mailpass-77f1' },
});

const stripeConfig = {
  // ruleid: javascript-hardcoded-credentials
  'apiKey': 'sk_live_51Hx2eLkQ9vT7aBcD',
  // ok: javascript-hardcoded-credentials
  apiVersion: '2023-10-16',
};

function configure(client) {
  // ruleid: javascript-hardcoded-credentials
  client.accessToken = "ghp_a8B2c4D6e8F0g2H4";
  // ok: javascript-hardcoded-credentials
  client.accessToken = process.env.GITHUB_TOKEN;
}

passport.use(new LocalStrategy({
  usernameField: 'email',
  // ok: javascript-hardcoded-credentials
  passwordField: 'password',
}, () => {}));

const placeholders = {
  // ok: javascript-hardcoded-credentials
  password: 'changeme',
  // ok: javascript-hardcoded-credentials
  clientSecret: '<your-client-secret>',
  // ok: javascript-hardcoded-credentials
  apiKey: 'YOUR_API_KEY',
  // ok: javascript-hardcoded-credentials
  token: '',
};

const messages = {
  // ok: javascript-hardcoded-credentials
  password: 'Password must be at least 12 characters',
  // ok: javascript-hardcoded-credentials
  tokenHeader: 'x-access-token',
};

const directions = {
  // ok: javascript-hardcoded-credentials
  compass: 'north-east',
  // ok: javascript-hardcoded-credentials
  bypass: 'maintenance',
};

const i18n = {
  // ok: javascript-hardcoded-credentials
  resetPassword: 'Mot de passe oublié ?',
  // ok: javascript-hardcoded-credentials
  password: 'Kennwort',
  // ok: javascript-hardcoded-credentials
  apiKey: 'API_KEY_MISSING',
};

const endpoints = {
  // ok: javascript-hardcoded-credentials
  token: 'https://id.fernwood-labs.io/connect/token',
  // ok: javascript-hardcoded-credentials
  secret: '/etc/fernwood/session.key',
  // ok: javascript-hardcoded-credentials
  accessToken: '********',
  // ok: javascript-hardcoded-credentials
  refreshToken: 'test-refresh-token',
};

module.exports = { i18n, endpoints, pool, transport, stripeConfig, configure, placeholders, messages, directions, JWT_SECRET, SESSION_SECRET, apiKey };
