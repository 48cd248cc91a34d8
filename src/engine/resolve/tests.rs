//! Names and types per language: the names of the node at a marked call, exactly.

use super::Resolver;
use crate::lang::Language;

/// The names and the type of the outermost node that spans exactly `target` in `source`
/// (the first occurrence).
fn check(language: Language, source: &str, target: &str, names: &[&str], type_of: Option<&str>) {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language.grammar()).expect("grammar");
    let tree = parser.parse(source, None).expect("parse");
    let start = source.find(target).expect("target in source");
    let end = start + target.len();
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(start, end)
        .expect("a node");
    while let Some(parent) = node.parent() {
        let statement = parent.kind().ends_with("statement") || parent.kind().ends_with("_list");
        if parent.start_byte() != start || parent.end_byte() != end || statement {
            break;
        }
        node = parent;
    }
    assert_eq!(
        (node.start_byte(), node.end_byte()),
        (start, end),
        "no node spans {target:?}"
    );
    let resolver = Resolver::new(language, tree.root_node(), source);
    let found = resolver.names(node, source);
    assert_eq!(found, names, "names of {target:?}");
    assert_eq!(
        resolver.type_of(node, source).as_deref(),
        type_of,
        "type of {target:?}"
    );
}

const JAVA: &str = r#"
import java.security.MessageDigest;
import static java.security.MessageDigest.getInstance;
import java.sql.*;
class Store {
    private final java.util.Random jitter = new java.util.Random();
    private Statement statement;
    String run(String cmd, HttpServletRequest request, Connection connection) throws Exception {
        Runtime r = Runtime.getRuntime();
        r.exec(cmd);
        Runtime.getRuntime().exec(cmd);
        var s = connection.createStatement();
        s.executeQuery(cmd);
        this.statement.execute(cmd);
        java.security.MessageDigest.getInstance("MD5");
        getInstance("SHA-1");
        MessageDigest.getInstance("SHA-256");
        int n = this.jitter.nextInt();
        try (Statement t = connection.createStatement()) { t.executeUpdate(cmd); }
        return request.getParameter("q");
    }
}
"#;

#[test]
fn java_receivers_take_their_declared_or_inferred_types() {
    let java = Language::Java;
    check(
        java,
        JAVA,
        "r.exec(cmd)",
        &["java.lang.Runtime.exec"],
        Some("java.lang.Process"),
    );
    check(
        java,
        JAVA,
        "Runtime.getRuntime().exec(cmd)",
        &["java.lang.Runtime.exec"],
        Some("java.lang.Process"),
    );
    check(
        java,
        JAVA,
        "s.executeQuery(cmd)",
        &["java.sql.Statement.executeQuery"],
        None,
    );
    check(
        java,
        JAVA,
        "this.statement.execute(cmd)",
        &["java.sql.Statement.execute"],
        None,
    );
    check(
        java,
        JAVA,
        "this.jitter.nextInt()",
        &["java.util.Random.nextInt"],
        None,
    );
    check(
        java,
        JAVA,
        "t.executeUpdate(cmd)",
        &["java.sql.Statement.executeUpdate"],
        None,
    );
    check(
        java,
        JAVA,
        "request",
        &["request"],
        Some("HttpServletRequest"),
    );
}

#[test]
fn java_calls_resolve_through_imports_and_qualified_spellings() {
    let java = Language::Java;
    let digest = Some("java.security.MessageDigest");
    check(
        java,
        JAVA,
        r#"java.security.MessageDigest.getInstance("MD5")"#,
        &["java.security.MessageDigest.getInstance"],
        digest,
    );
    check(
        java,
        JAVA,
        r#"getInstance("SHA-1")"#,
        &["java.security.MessageDigest.getInstance"],
        digest,
    );
    check(
        java,
        JAVA,
        r#"MessageDigest.getInstance("SHA-256")"#,
        &["java.security.MessageDigest.getInstance"],
        digest,
    );
    check(
        java,
        JAVA,
        "new java.util.Random()",
        &["java.util.Random"],
        Some("java.util.Random"),
    );
}

const PYTHON: &str = r#"
import hashlib as h
import os.path
from subprocess import call as run
from random import *
import sqlite3

db = sqlite3.connect("app.db")

class Repo:
    def __init__(self):
        self.conn = sqlite3.connect("x.db")

    def find(self, term):
        cur = self.conn.cursor()
        cur.execute(term)

def handler(term, cursor: sqlite3.Cursor):
    h.md5(term)
    run(term, shell=True)
    os.path.join("/srv", term)
    choice("abc")
    evaluate = eval
    evaluate(term)
    c = db.cursor()
    c.execute(term)
    cursor.execute(term)
    with open(term) as handle:
        handle.read()
"#;

#[test]
fn python_names_follow_aliases_star_imports_and_bound_functions() {
    let python = Language::Python;
    check(
        python,
        PYTHON,
        "h.md5(term)",
        &["hashlib.md5"],
        Some("hashlib.md5"),
    );
    check(
        python,
        PYTHON,
        "run(term, shell=True)",
        &["subprocess.call"],
        None,
    );
    check(
        python,
        PYTHON,
        r#"os.path.join("/srv", term)"#,
        &["os.path.join"],
        None,
    );
    check(
        python,
        PYTHON,
        r#"choice("abc")"#,
        &["choice", "random.choice"],
        None,
    );
    check(
        python,
        PYTHON,
        "evaluate(term)",
        &["eval", "random.eval"],
        None,
    );
}

#[test]
fn python_values_take_the_types_of_what_made_them() {
    let python = Language::Python;
    check(
        python,
        PYTHON,
        "c.execute(term)",
        &["sqlite3.Cursor.execute"],
        None,
    );
    check(
        python,
        PYTHON,
        "cur.execute(term)",
        &["sqlite3.Cursor.execute"],
        None,
    );
    check(
        python,
        PYTHON,
        "cursor.execute(term)",
        &["sqlite3.Cursor.execute"],
        None,
    );
    check(python, PYTHON, "handle.read()", &["handle.read"], None);
}

const JAVASCRIPT: &str = r#"
import * as cp from 'node:child_process';
import { exec as shell } from 'child_process';
const { exec: run, spawn } = require('child_process');
const fsp = require('fs').promises;
const mysql = require('mysql');
const pool = mysql.createPool({});
function handler(req, res) {
  cp.exec(req.query.cmd);
  shell(req.query.cmd);
  run(req.query.cmd);
  spawn(req.query.cmd);
  fsp.readFile(req.query.path);
  pool.query(req.query.sql);
  const target = new URL(req.query.url);
}
"#;

#[test]
fn javascript_names_follow_imports_requires_and_destructuring() {
    let js = Language::JavaScript;
    check(
        js,
        JAVASCRIPT,
        "cp.exec(req.query.cmd)",
        &["child_process.exec"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "shell(req.query.cmd)",
        &["child_process.exec"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "run(req.query.cmd)",
        &["child_process.exec"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "spawn(req.query.cmd)",
        &["child_process.spawn"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "fsp.readFile(req.query.path)",
        &["fs.promises.readFile"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "pool.query(req.query.sql)",
        &["mysql.Pool.query"],
        None,
    );
    check(
        js,
        JAVASCRIPT,
        "new URL(req.query.url)",
        &["URL"],
        Some("URL"),
    );
}

/// Handler parameters typed by their place, whatever their names.
#[test]
fn javascript_handler_parameters_take_the_types_of_their_place() {
    let js = Language::JavaScript;
    let source = r#"
server.route({ method: "GET", path: "/a", handler: (hreq, htk) => htk.response(hreq.query.a) });
io.on("connection", (sock) => { sock.on("chat", (msg1) => msg1); });
exports.handler = async (lev, lctx) => lev.pathParameters;
export const handler = async (lev2) => lev2.body;
export default function handler(nreq, nres) { return nreq.body; }
const wire = require("child_process");
wire.exec(nreq.body);
"#;
    check(js, source, "hreq", &["hreq"], Some("hapi.Request"));
    check(js, source, "htk", &["htk"], Some("hapi.ResponseToolkit"));
    check(js, source, "sock", &["sock"], Some("socket.Connection"));
    check(js, source, "msg1", &["msg1"], None);
    check(js, source, "lev", &["lev"], Some("aws_lambda.Event"));
    check(js, source, "lev2", &["lev2"], Some("aws_lambda.Event"));
    // A default export named handler is a Next.js API route, not a Lambda entry point.
    check(js, source, "nreq", &["nreq"], None);
    check(
        js,
        source,
        "wire.exec(nreq.body)",
        &["child_process.exec"],
        None,
    );
}

#[test]
fn javascript_literals_keep_their_types_through_collections_and_relays() {
    let js = Language::JavaScript;
    let source = r#"
function relay(value) { return value; }
function shout(value) { return value.toUpperCase(); }
const payload = { a: 1 };
const rows = [payload, "x"];
const byKey = new Map([["k", rows], ["t", `<p>${payload.a}</p>`]]);
send(relay(payload)); send(shout(payload)); send(rows[1]); send(rows[0]);
send(byKey.get("k")); send(byKey.get("t")); send(byKey.get("z"));
"#;
    check(js, source, "relay(payload)", &["relay"], Some("Object"));
    // Not a parameter returned unchanged: unknown.
    check(js, source, "shout(payload)", &["shout"], None);
    check(js, source, "rows[1]", &[], Some("string"));
    check(js, source, "rows[0]", &[], Some("Object"));
    check(js, source, "byKey.get(\"k\")", &["Map.get"], Some("Array"));
    check(js, source, "byKey.get(\"t\")", &["Map.get"], Some("string"));
    check(js, source, "byKey.get(\"z\")", &["Map.get"], None);
}

#[test]
fn a_helper_that_returns_its_argument_keeps_the_arguments_type() {
    let go = r#"
package main

import "net/http"

func relay[T any](value T) T {
	return value
}

func wrap(value string) string { return "<" + value + ">" }

func handle(w http.ResponseWriter, r *http.Request) {
	use(relay(w), wrap(w))
}
"#;
    check(
        Language::Go,
        go,
        "relay(w)",
        &["relay"],
        Some("net/http.ResponseWriter"),
    );
    check(Language::Go, go, "wrap(w)", &["wrap"], None);
    let python = r#"
import random


def relay(value):
    return value


rng = random.Random()
use(relay(rng))
"#;
    check(
        Language::Python,
        python,
        "relay(rng)",
        &["relay"],
        Some("random.Random"),
    );
    let java = r#"
class Page {
    private static <T> T relay(T value) {
        return value;
    }

    void show(javax.servlet.http.HttpServletResponse response) {
        use(relay(response));
    }
}
"#;
    check(
        Language::Java,
        java,
        "relay(response)",
        &["relay"],
        Some("javax.servlet.http.HttpServletResponse"),
    );
}

const GO: &str = r#"
package main

import (
	"database/sql"
	xexec "os/exec"
	mrand "math/rand"
	"math/rand/v2"
	"net/http"
)

type Store struct {
	db *sql.DB
}

func (s *Store) handle(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	s.db.Query(q)
	cmd := xexec.Command("sh", "-c", q)
	cmd.Run()
	mrand.Intn(10)
	rand.IntN(10)
	conn, err := sql.Open("postgres", "")
	conn.Exec(q)
	r.FormValue("name")
}
"#;

#[test]
fn go_names_follow_import_paths_aliases_and_declared_types() {
    let go = Language::Go;
    check(go, GO, "s.db.Query(q)", &["database/sql.DB.Query"], None);
    check(
        go,
        GO,
        r#"xexec.Command("sh", "-c", q)"#,
        &["os/exec.Command"],
        Some("os/exec.Cmd"),
    );
    check(go, GO, "cmd.Run()", &["os/exec.Cmd.Run"], None);
    check(go, GO, "mrand.Intn(10)", &["math/rand.Intn"], None);
    check(go, GO, "rand.IntN(10)", &["math/rand/v2.IntN"], None);
    check(go, GO, "conn.Exec(q)", &["database/sql.DB.Exec"], None);
    check(
        go,
        GO,
        r#"r.FormValue("name")"#,
        &["net/http.Request.FormValue"],
        None,
    );
}

/// `value_of` follows names, relay helpers and reads of literal collections under constant
/// keys to the literal a value was written as.
#[test]
fn javascript_values_are_followed_through_names_helpers_and_collections() {
    let source = "const base = { secure: false };\n\
                  function pass(x) { return x; }\n\
                  const list = [base, 2];\n\
                  const byName = new Map([['a', 1], ['b', base]]);\n\
                  const holder = { inner: base };\n\
                  use(base, pass(base), list[0], byName.get('b'), holder.inner, holder['inner']);\n\
                  use(list[1], byName.get('a'), byName.get('c'), list[5], other.inner);\n";
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&Language::JavaScript.grammar())
        .expect("grammar");
    let tree = parser.parse(source, None).expect("parse");
    let resolver = Resolver::new(Language::JavaScript, tree.root_node(), source);
    let values = |line: usize| -> Vec<Option<String>> {
        let start = source.match_indices("use(").nth(line).expect("a use").0;
        let call = tree
            .root_node()
            .descendant_for_byte_range(start, start + 3)
            .and_then(|node| node.parent())
            .expect("the call");
        let arguments = call.child_by_field_name("arguments").expect("arguments");
        let mut cursor = arguments.walk();
        arguments
            .named_children(&mut cursor)
            .map(|argument| {
                resolver
                    .value_of(argument, source)
                    .map(|value| source[value.byte_range()].to_owned())
            })
            .collect()
    };
    let object = Some("{ secure: false }".to_owned());
    assert_eq!(values(0), vec![object.clone(); 6]);
    assert_eq!(
        values(1),
        vec![Some("2".to_owned()), Some("1".to_owned()), None, None, None]
    );
}
