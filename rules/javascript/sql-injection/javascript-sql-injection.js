const express = require('express');
const mysql = require('mysql2');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg' });

const app = express();
const pool = new Pool();
const connection = mysql.createConnection({ host: 'localhost' });
const PAGE_SIZE = 20;
const DEBUG = false;

function whereName(name) {
  return "WHERE name = '" + name + "'";
}

function runReport(sql) {
  // ruleid: javascript-sql-injection
  return pool.query(sql);
}

app.get('/users', (req, res) => {
  const { name } = req.query;
  // ruleid: javascript-sql-injection
  connection.query(`SELECT * FROM users WHERE name = '${name}'`, (err, rows) => res.json(rows));
  // ruleid: javascript-sql-injection
  connection.query('SELECT * FROM users ' + whereName(name), (err, rows) => res.json(rows));
  // ok: javascript-sql-injection
  connection.query('SELECT * FROM users WHERE name = ?', [name], (err, rows) => res.json(rows));
  // ok: javascript-sql-injection
  connection.query('SELECT * FROM users WHERE name = ' + connection.escape(name), (err, rows) => res.json(rows));
  // ok: javascript-sql-injection
  connection.query(`SELECT * FROM users LIMIT ${PAGE_SIZE}`, (err, rows) => res.json(rows));
});

app.get('/orders/:id', async (req, res) => {
  let sql = 'SELECT * FROM orders WHERE id = ';
  sql += req.params.id;
  // ruleid: javascript-sql-injection
  const { rows } = await pool.query(sql);
  const id = parseInt(req.params.id, 10);
  // ok: javascript-sql-injection
  await pool.query('SELECT * FROM orders WHERE id = ' + id);
  // ok: javascript-sql-injection
  await pool.query({ text: 'SELECT * FROM orders WHERE id = $1', values: [req.params.id] });
  // ruleid: javascript-sql-injection
  await pool.query({ text: 'SELECT * FROM orders WHERE owner = ' + req.params.id });
  res.json(rows);
});

app.post('/search', async (req, res) => {
  const filters = [];
  filters.push(`title LIKE '%${req.body.term}%'`);
  // ruleid: javascript-sql-injection
  const rows = await knex.raw('SELECT * FROM docs WHERE ' + filters.join(' AND '));
  // ok: javascript-sql-injection
  await knex.raw('SELECT * FROM docs WHERE title LIKE ?', [`%${req.body.term}%`]);
  const column = DEBUG ? req.body.sort : 'created_at';
  // ok: javascript-sql-injection
  await knex.raw('SELECT * FROM docs ORDER BY ' + column);
  // ruleid: javascript-sql-injection
  await knex('docs').whereRaw(`owner = '${req.cookies.owner}'`);
  res.json(rows);
});

app.get('/report', (req, res) => {
  runReport('SELECT * FROM audit WHERE actor = ' + req.header('x-actor'));
  // ok: javascript-sql-injection
  runReport('SELECT count(*) FROM audit');
  // ok: javascript-sql-injection
  const match = /^[a-z]+$/.exec(req.query.q);
  res.send(String(Boolean(match)));
});

// Fastify
fastify.get('/products', async (request, reply) => {
  const { category } = request.query;
  // ruleid: javascript-sql-injection
  const { rows } = await pool.query(`SELECT * FROM products WHERE category = '${category}'`);
  // ok: javascript-sql-injection
  await pool.query('SELECT * FROM products WHERE category = $1', [category]);
  return rows;
});

// Hapi
server.route({
  method: 'POST',
  path: '/notes',
  handler: async (request, h) => {
    const { title } = request.payload;
    // ruleid: javascript-sql-injection
    await pool.query("INSERT INTO notes(title) VALUES ('" + title + "')");
    // ok: javascript-sql-injection
    await pool.query('INSERT INTO notes(title) VALUES ($1)', [title]);
    return h.response().code(201);
  },
});

// Koa header accessor
router.get('/tenants/current', async (ctx) => {
  const tenant = ctx.get('X-Tenant');
  // ruleid: javascript-sql-injection
  ctx.body = await knex.raw(`SELECT * FROM tenants WHERE slug = '${tenant}'`);
  // ok: javascript-sql-injection
  ctx.body = await knex.raw('SELECT * FROM tenants WHERE slug = ?', [tenant]);
});

// AWS Lambda behind API Gateway
exports.handler = async (event) => {
  const { city } = event.queryStringParameters || {};
  // ruleid: javascript-sql-injection
  const { rows } = await pool.query(`SELECT * FROM stores WHERE city = '${city}'`);
  const limit = parseInt(event.queryStringParameters.limit, 10) || 10;
  // ok: javascript-sql-injection
  await pool.query(`SELECT * FROM stores LIMIT ${limit}`);
  return { statusCode: 200, body: JSON.stringify(rows) };
};

// Socket.IO
io.on('connection', (socket) => {
  socket.on('history', async (room, ack) => {
    // ruleid: javascript-sql-injection
    const { rows } = await pool.query("SELECT * FROM messages WHERE room = '" + room + "'");
    // ok: javascript-sql-injection
    await pool.query('SELECT * FROM messages WHERE room = $1', [room]);
    ack(rows);
  });
});

// tRPC
const appRouter = router({
  userByName: publicProcedure.input(z.string()).query(async ({ input }) => {
    // ruleid: javascript-sql-injection
    const { rows } = await pool.query(`SELECT * FROM users WHERE name = '${input}'`);
    // ok: javascript-sql-injection
    await pool.query('SELECT * FROM users WHERE name = $1', [input]);
    return rows;
  }),
});

// Queue consumers: the message comes from another system.
function startConsumers(channel, kafkaConsumer) {
  channel.consume('invoices', async (msg) => {
    const ref = msg.content.toString();
    // ruleid: javascript-sql-injection
    await pool.query(`UPDATE invoices SET paid = true WHERE ref = '${ref}'`);
    // ok: javascript-sql-injection
    await pool.query('UPDATE invoices SET paid = true WHERE ref = $1', [ref]);
    channel.ack(msg);
  });
  return kafkaConsumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      // ruleid: javascript-sql-injection
      await pool.query('INSERT INTO audit (entry) VALUES (\'' + message.value.toString() + '\')');
      // ok: javascript-sql-injection
      await pool.query('INSERT INTO offsets (topic, part) VALUES (\'' + topic + '\', ' + Number(partition) + ')');
    },
  });
}

exports.sqsHandler = async (event) => {
  for (const record of event.Records) {
    // ruleid: javascript-sql-injection
    await pool.query(`DELETE FROM outbox WHERE id = '${record.body}'`);
  }
};

async function drainQueue(sqsClient, ReceiveMessageCommand) {
  const { Messages = [] } = await sqsClient.send(new ReceiveMessageCommand({ QueueUrl: process.env.QUEUE_URL }));
  for (const m of Messages) {
    const job = JSON.parse(m.Body);
    // ruleid: javascript-sql-injection
    await pool.query(`UPDATE jobs SET state = 'running' WHERE id = '${job.id}'`);
    // ok: javascript-sql-injection
    await pool.query('UPDATE jobs SET state = $1 WHERE id = $2', ['running', job.id]);
  }
}
