"use strict";

const Hapi = require("@hapi/hapi");
const ldap = require("ldapjs");
const xpath = require("xpath");
const { DOMParser } = require("@xmldom/xmldom");
const fs = require("fs");
const crypto = require("crypto");
const winston = require("winston");

const log = winston.createLogger({ transports: [new winston.transports.Console()] });
const staffDoc = new DOMParser().parseFromString(fs.readFileSync("/etc/portal/staff.xml", "utf8"), "text/xml");
const BASE_DN = "ou=people,dc=example,dc=com";
const DEPARTMENTS = new Set(["eng", "sales", "support", "finance"]);

function escapeLdapFilter(value) {
  return String(value).replace(/[\\*()\0]/g, (ch) => "\\" + ch.charCodeAt(0).toString(16).padStart(2, "0"));
}

function searchDirectory(client, filter) {
  return new Promise((resolve, reject) => {
    client.search(BASE_DN, { filter, scope: "sub", attributes: ["cn", "mail"] }, (err, res) => {
      if (err) return reject(err);
      const entries = [];
      res.on("searchEntry", (e) => entries.push(e.pojo));
      res.on("end", () => resolve(entries));
      res.on("error", reject);
    });
  });
}

const init = async () => {
  const server = Hapi.server({ port: 8080, host: "0.0.0.0" });
  const dir = ldap.createClient({ url: process.env.LDAP_URL || "ldaps://ldap.example.com" });

  server.route({
    method: "GET",
    path: "/people",
    handler: async (request, h) => {
      const uid = request.query.uid;
      return new Promise((resolve, reject) => {
        // ruleid: ldap-injection
        dir.search(BASE_DN, { filter: "(&(objectClass=person)(uid=" + uid + "))", scope: "sub" }, (err, res) => {
          if (err) return reject(err);
          const out = [];
          res.on("searchEntry", (e) => out.push(e.pojo));
          res.on("end", () => resolve(out));
        });
      });
    },
  });

  server.route({
    method: "GET",
    path: "/people/v2",
    handler: async (request, h) => {
      const uid = escapeLdapFilter(request.query.uid);
      // ok: ldap-injection
      const entries = await searchDirectory(dir, `(&(objectClass=person)(uid=${uid}))`);
      return entries;
    },
  });

  server.route({
    method: "GET",
    path: "/staff/{badge}",
    handler: (request, h) => {
      const expr = "//member[@badge='" + request.params.badge + "']/email/text()";
      // ruleid: xpath-injection
      const nodes = xpath.select(expr, staffDoc);
      return { email: nodes.map((n) => n.nodeValue) };
    },
  });

  server.route({
    method: "GET",
    path: "/departments/{dept}",
    handler: (request, h) => {
      const dept = request.params.dept;
      if (!DEPARTMENTS.has(dept)) {
        return h.response({ error: "unknown" }).code(404);
      }
      // ok: xpath-injection
      const nodes = xpath.select("//department[@id='" + dept + "']/member/@badge", staffDoc);
      return { badges: nodes.map((n) => n.value) };
    },
  });

  server.route({
    method: "GET",
    path: "/card",
    handler: (request, h) => {
      const note = request.query.note || "";
      // ruleid: cross-site-scripting
      return h.response("<div class='card'>" + note + "</div>").type("text/html");
    },
  });

  server.route({
    method: "GET",
    path: "/card/v2",
    handler: (request, h) => {
      const note = (request.query.note || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
      // ok: cross-site-scripting
      return h.response("<div class='card'>" + note + "</div>").type("text/html");
    },
  });

  server.route({
    method: "POST",
    path: "/login",
    handler: (request, h) => {
      const user = request.payload.username;
      // ruleid: log-injection
      log.info(`login attempt for ${user}`);
      // ok: log-injection
      log.info("login attempt", { user: encodeURIComponent(user) });
      const sid = crypto.randomUUID();
      // ruleid: insecure-cookie
      h.state("dir_sid", sid, { isSecure: false, isHttpOnly: false, path: "/" });
      // ok: insecure-cookie
      h.state("dir_sid2", sid, { isSecure: true, isHttpOnly: true, isSameSite: "Strict", path: "/" });
      return { success: true };
    },
  });

  server.route({
    method: "GET",
    path: "/goto",
    handler: (request, h) => {
      // ruleid: open-redirect
      return h.redirect(request.headers["x-return-url"]);
    },
  });

  server.route({
    method: "GET",
    path: "/goto/v2",
    handler: (request, h) => {
      const target = request.query.to || "";
      // ok: open-redirect
      return h.redirect(/^(\/[a-z0-9_-]+)+$/.test(target) ? target : "/");
    },
  });

  await server.start();
  return server;
};

module.exports = { init };
