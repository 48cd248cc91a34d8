const https = require('https');
const axios = require('axios');
const tls = require('tls');

const insecureAgent = new https.Agent({
  keepAlive: true,
  // ruleid: javascript-tls-reject-unauthorized-false
  rejectUnauthorized: false,
});

async function fetchStatus(url) {
  // ruleid: javascript-tls-reject-unauthorized-false
  return axios.get(url, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
}

function connectBroker(host, ca) {
  // ok: javascript-tls-reject-unauthorized-false
  return tls.connect({ host, port: 8883, ca, rejectUnauthorized: true });
}

const legacyRequestOptions = {
  url: 'https://intranet.example/api',
  // ruleid: javascript-tls-reject-unauthorized-false
  'strictSSL': false,
};

const dbConfig = {
  host: 'db.internal',
  // ok: javascript-tls-reject-unauthorized-false
  ssl: { rejectUnauthorized: process.env.NODE_ENV === 'production' },
};

const flags = {
  // ok: javascript-tls-reject-unauthorized-false
  rejectUnknownFields: false,
};

module.exports = { insecureAgent, fetchStatus, connectBroker, legacyRequestOptions, dbConfig, flags };
