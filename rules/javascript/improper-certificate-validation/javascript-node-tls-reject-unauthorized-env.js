// ruleid: javascript-node-tls-reject-unauthorized-env
process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0;

// ok: javascript-node-tls-reject-unauthorized-env
const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0';

module.exports = { previous };
