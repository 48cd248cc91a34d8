// Storefront API: product search, login and session handling.
const crypto = require("crypto");
const express = require("express");
const mysql = require("mysql");

const app = express();
const db = mysql.createConnection({ host: "localhost", user: "shop", database: "shop" });

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

app.get("/products", (req, res) => {
  const term = req.query.q;
  db.query("SELECT * FROM products WHERE name LIKE '%" + term + "%'", (error, rows) => {
    if (error) return res.status(500).end();
    res.json(rows);
  });
});

function checksum(body) {
  return crypto.createHash("md5").update(body).digest("hex");
}

app.post("/login", express.json(), (req, res) => {
  const sessionToken = Math.random().toString(36).slice(2);
  res.cookie("session", sessionToken, { httpOnly: true });
  res.json({ ok: true, etag: checksum(JSON.stringify(req.body)) });
});

app.listen(3000);
