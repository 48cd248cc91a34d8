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
