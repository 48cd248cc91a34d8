const axios = require('axios');

async function sync(order) {
  // ruleid: javascript-plain-http-request
  await fetch('http://api.shipfast.io/v1/orders', { method: 'POST', body: JSON.stringify(order) });
  // ruleid: javascript-plain-http-request
  await axios.post('http://payments.acme-bank.com/charge', order);
  // ok: javascript-plain-http-request
  await axios.post('https://payments.acme-bank.com/charge', order);
  // ok: javascript-plain-http-request
  await fetch('http://localhost:3000/health');
  // ok: javascript-plain-http-request
  await fetch('http://app.localhost:5173/api/session');
  // ok: javascript-plain-http-request
  await axios.get('http://mock.example.net/orders');
  // ok: javascript-plain-http-request
  await fetch('http://stub.invalid/fail-fast');
  // ok: javascript-plain-http-request
  await fetch(`http://127.0.0.1:${process.env.PORT}/ready`);
  // ruleid: javascript-plain-http-request
  await fetch(`http://${order.region}.shipfast.io/v1/rates`);
}
