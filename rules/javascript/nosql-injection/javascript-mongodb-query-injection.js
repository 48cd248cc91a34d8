const express = require('express');
const sanitize = require('mongo-sanitize');
const { MongoClient, ObjectId } = require('mongodb');

const app = express();
app.use(express.json());
const db = new MongoClient(process.env.MONGO_URL).db('shop');
const users = db.collection('users');

function byEmail(email) {
  return { email, deleted: false };
}

app.post('/login', async (req, res) => {
  const { email, password } = req.body;
  // ruleid: javascript-mongodb-query-injection
  const user = await users.findOne({ email, password });
  // ok: javascript-mongodb-query-injection
  const safe = await users.findOne({ email: String(email), password: String(password) });
  // ok: javascript-mongodb-query-injection
  const cleaned = await users.findOne(sanitize(byEmail(email)));
  // ruleid: javascript-mongodb-query-injection
  const again = await users.findOne(byEmail(email));
  res.json({ ok: Boolean(user || safe || cleaned || again) });
});

app.get('/orders', async (req, res) => {
  const orders = db.collection('orders');
  // ruleid: javascript-mongodb-query-injection
  const list = await orders.find({ $where: `this.owner == '${req.query.owner}'` }).toArray();
  // ok: javascript-mongodb-query-injection
  const mine = await orders.find({ owner: new ObjectId(req.query.owner) }).toArray();
  // ok: javascript-mongodb-query-injection
  const recent = await orders.find({ status: 'open' }).limit(Number(req.query.limit)).toArray();
  // ok: javascript-mongodb-query-injection
  const first = req.body.items.find((item) => item.sku === req.query.sku);
  // ruleid: javascript-mongodb-query-injection
  await orders.deleteMany(req.body.filter);
  res.json({ list, mine, recent, first });
});

app.post('/lookup', async (req, res) => {
  const { email, name, code } = req.body;
  if (typeof email !== 'string') {
    return res.status(400).end();
  }
  // ok: javascript-mongodb-query-injection
  const byMail = await users.findOne({ email });
  if (typeof name === 'string') {
    // ok: javascript-mongodb-query-injection
    await users.findOne({ name });
  }
  if (typeof code === 'object') {
    // ruleid: javascript-mongodb-query-injection
    await users.findOne({ code });
  }
  res.json({ found: Boolean(byMail) });
});
