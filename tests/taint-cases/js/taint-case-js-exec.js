const { exec } = require("child_process");
const express = require("express");
const app = express();
const BASE = "ls ";

function build(dir) {
  return `ls -l ${dir}`;
}

function runIt(cmd) {
  // ruleid: taint-case-js-exec
  exec(cmd);
}

app.get("/a", (req, res) => {
  const dir = req.query.dir;
  // ruleid: taint-case-js-exec
  exec("ls " + dir);
  // ruleid: taint-case-js-exec
  exec(build(dir));
  // ok: taint-case-js-exec
  exec(BASE + "/tmp");
  // ok: taint-case-js-exec
  exec("ls " + quote(dir));
  const { name } = req.body;
  // ruleid: taint-case-js-exec
  child.execSync(`cat ${name}`);
  const parts = [];
  parts.push(req.params.id);
  // ruleid: taint-case-js-exec
  exec(parts.join(" "));
  let x = req.query.x;
  x = "safe";
  // ok: taint-case-js-exec
  exec(x);
  const y = false ? req.query.y : "fixed";
  // ok: taint-case-js-exec
  exec(y);
  runIt("ls " + req.query.z);
});

async function handler(req, res) {
  const opts = {};
  opts.cmd = req.body.cmd;
  // ruleid: taint-case-js-exec
  await exec(opts.cmd);
  let n = parseInt(req.query.n);
  // ok: taint-case-js-exec
  exec("head -n " + n);
  db.query("x", function (err, rows) {
    // ruleid: taint-case-js-exec
    exec(opts.cmd);
  });
}

function isSafeName(name) {
  return /^[a-z]+$/.test(name);
}

app.get("/guards", (req, res) => {
  const name = req.query.name;
  const isAdmin = name === "admin";
  // ok: taint-case-js-exec
  exec("echo " + isAdmin);
  // ok: taint-case-js-exec
  exec("echo " + typeof name);
  if (!quote(name)) {
    return;
  }
  // ok: taint-case-js-exec
  exec("ls " + name);
  const ids = req.body.ids;
  ids.forEach((id) => {
    // ruleid: taint-case-js-exec
    exec("rm " + id);
  });
  const TABLE = new Map([["a", "ls /a"]]);
  // ok: taint-case-js-exec
  exec(TABLE.get(req.query.key));
});

app.get("/keyed", (req, res) => {
  const commands = new Map();
  commands.set("user", req.query.cmd);
  commands.set("fixed", "ls /srv");
  // ok: taint-case-js-exec
  exec(commands.get("fixed"));
  // ruleid: taint-case-js-exec
  exec(commands.get("user"));
  const args = [];
  args[0] = "ls";
  args[1] = req.query.dir;
  // ok: taint-case-js-exec
  exec(args[0]);
  // ruleid: taint-case-js-exec
  exec(args[1]);
  // ruleid: taint-case-js-exec
  exec(args.join(" "));
});

app.get("/object", (req, res) => {
  const dir = req.query.dir;
  const job = { tool: "tar", target: req.body.target, dir };
  // ok: taint-case-js-exec
  exec(job.tool);
  // ruleid: taint-case-js-exec
  exec(job.target);
  // ruleid: taint-case-js-exec
  exec(job.dir);
  // ruleid: taint-case-js-exec
  exec(job["target"]);
  // ruleid: taint-case-js-exec
  exec(JSON.stringify(job));
  job.tool = req.query.tool;
  // ruleid: taint-case-js-exec
  exec(job.tool);
  const spread = { ...req.query, tool: "ls" };
  // ruleid: taint-case-js-exec
  exec(spread.tool);
});
