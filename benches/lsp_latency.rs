//! Edit-to-diagnostics latency of the language server: `cargo bench --bench lsp_latency`.
//!
//! Drives the built release binary (`target/release/codeward lsp`, rebuilt with `cargo build
//! --release` first; or the binary named by `CODEWARD_BIN`) over stdio exactly as an editor
//! does: `initialize` with UTF-16 positions, push diagnostics and `{"debounceMs": 0}`, open a
//! generated realistic Python, JavaScript or Java (one class) file of 1k or 10k lines with
//! a few real findings, then type N single characters at varied places inside function
//! bodies (incremental `didChange`), each time waiting for the `publishDiagnostics` that
//! carries that edit's version. Reports per-edit latency (send `didChange` -> receive that version's
//! diagnostics: p50, p90, p99, max), start-up time (process spawn -> `initialize` response,
//! and -> first diagnostics of a small file; median of several runs), the peak RSS of the
//! server (`VmHWM` from `/proc/<pid>/status`, Linux only) and whether the process exits
//! after `shutdown` + `exit`. `LSP_LATENCY_EDITS=N` changes the number of edits per file.
//!
//! Nothing here links the library: only the binary's stdio is measured, as an editor sees
//! it. Without `--bench` (e.g. `cargo test --benches`) it runs a short smoke pass, and only
//! when the release binary already exists.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single answer may take before the benchmark gives up.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

const NOUNS: [&str; 8] = [
    "orders", "users", "invoices", "products", "sessions", "reports", "accounts", "events",
];

/// A small deterministic generator (64-bit LCG): the files are the same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, bound: u64) -> usize {
        (self.next() % bound) as usize
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Language {
    Python,
    JavaScript,
    Java,
}

impl Language {
    fn id(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::Java => "java",
        }
    }
    fn extension(self) -> &'static str {
        match self {
            Language::Python => "py",
            Language::JavaScript => "js",
            Language::Java => "java",
        }
    }
    /// What is typed, one character per edit, at each place.
    fn typed(self) -> &'static str {
        match self {
            Language::Python => "total = 0; ",
            Language::JavaScript => "let total = 0; ",
            Language::Java => "int total = 0; ",
        }
    }
}

/// A generated document and the places (line, column) inside function bodies where the
/// benchmark types; every place is on its own line.
struct Generated {
    text: String,
    places: Vec<(u32, u32)>,
}

/// One Python view function; `vulnerable` picks a real finding for the body.
fn python_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let risky = match vulnerable {
        Some(0) => format!(
            "    cursor.execute(\"SELECT * FROM {noun} WHERE owner = '%s'\" % request.args.get(\"owner\"))\n"
        ),
        Some(1) => "    token = hashlib.md5(str(user_id).encode()).hexdigest()\n".to_owned(),
        Some(_) => "    settings = yaml.load(request.get_data(as_text=True))\n".to_owned(),
        None => format!(
            "    cursor.execute(\"SELECT * FROM {noun} WHERE owner = ? LIMIT ?\", (user_id, limit))\n"
        ),
    };
    format!(
        "@app.route(\"/{noun}/{n}\")\ndef handle_{noun}_{n}():\n    \"\"\"Return the {noun} records of the current user.\"\"\"\n    user_id = request.args.get(\"id\")\n    limit = int(request.args.get(\"limit\", \"10\"))\n    rows = []\n    for index in range({k}):\n        if index % 3 == 0:\n            rows.append({{\"index\": index, \"name\": \"{noun}_%d\" % index}})\n        else:\n            rows.append({{\"index\": index, \"value\": index * {k}}})\n    cursor = db.cursor()\n{risky}    return jsonify(rows)\n\n\n"
    )
}

/// One Express route handler; `vulnerable` picks a real finding for the body.
fn javascript_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let risky = match vulnerable {
        Some(0) => format!("  db.query(\"SELECT * FROM {noun} WHERE id = \" + id, (err, rows) => {{\n"),
        Some(1) => "  const sig = crypto.createHash(\"md5\").update(id).digest(\"hex\");\n  db.query(\"SELECT 1\", (err, rows) => {\n".to_owned(),
        Some(_) => "  const result = eval(req.query.expression);\n  db.query(\"SELECT 1\", (err, rows) => {\n".to_owned(),
        None => format!("  db.query(\"SELECT * FROM {noun} WHERE id = ?\", [id], (err, rows) => {{\n"),
    };
    format!(
        "app.get(\"/{noun}/{n}\", (req, res) => {{\n  const id = req.query.id;\n  const items = [];\n  for (let i = 0; i < {k}; i++) {{\n    items.push({{ id: i, label: `{noun}-${{i}}` }});\n  }}\n{risky}    if (err) {{\n      return res.status(500).end();\n    }}\n    res.json({{ rows, items }});\n  }});\n}});\n\n"
    )
}

/// One Spring controller method (the whole file is one class); `vulnerable` picks a real
/// finding for the body.
fn java_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let risky = match vulnerable {
        Some(0) => format!(
            "        jdbc.queryForList(\"SELECT * FROM {noun} WHERE owner = '\" + id + \"'\");\n"
        ),
        Some(1) => {
            "        MessageDigest digest = MessageDigest.getInstance(\"MD5\");\n".to_owned()
        }
        Some(_) => "        Runtime.getRuntime().exec(\"report \" + id);\n".to_owned(),
        None => {
            format!("        jdbc.queryForList(\"SELECT * FROM {noun} WHERE owner = ?\", id);\n")
        }
    };
    format!(
        "    @GetMapping(\"/{noun}/{n}\")\n    public List<Map<String, Object>> handle{n}(@RequestParam(\"id\") String id) throws Exception {{\n        List<Map<String, Object>> rows = new ArrayList<>();\n        for (int index = 0; index < {k}; index++) {{\n            if (index % 3 == 0) {{\n                rows.add(Map.of(\"index\", index, \"name\", \"{noun}_\" + index));\n            }} else {{\n                rows.add(Map.of(\"index\", index, \"value\", index * {k}));\n            }}\n        }}\n{risky}        return rows;\n    }}\n\n"
    )
}

/// A file of at least `min_lines` lines; one function in twenty has a finding.
fn generate(language: Language, min_lines: usize, places: usize) -> Generated {
    let mut random = Random(0x1a7e_c0de_0000_0001);
    let mut text = match language {
        Language::Python => "import hashlib\nimport yaml\nfrom flask import Flask, jsonify, request\n\n# 注意: generated benchmark views 😀\napp = Flask(__name__)\n\n\n".to_owned(),
        Language::JavaScript => "const crypto = require(\"crypto\");\nconst express = require(\"express\");\n// 注意: generated benchmark routes 😀\nconst app = express();\n\n".to_owned(),
        Language::Java => "package com.example.bench;\n\nimport java.security.MessageDigest;\nimport java.util.ArrayList;\nimport java.util.List;\nimport java.util.Map;\nimport org.springframework.jdbc.core.JdbcTemplate;\nimport org.springframework.web.bind.annotation.GetMapping;\nimport org.springframework.web.bind.annotation.RequestParam;\nimport org.springframework.web.bind.annotation.RestController;\n\n// 注意: generated benchmark controller 😀\n@RestController\npublic class BenchController {\n    private final JdbcTemplate jdbc;\n\n    public BenchController(JdbcTemplate jdbc) {\n        this.jdbc = jdbc;\n    }\n\n".to_owned(),
    };
    // The line of each function's first body statement, where typing happens.
    let mut body_lines = Vec::new();
    let mut n = 0;
    while text.lines().count() < min_lines {
        let noun = NOUNS[random.below(NOUNS.len() as u64)];
        let k = 2 + random.below(40);
        let vulnerable = (n % 20 == 10).then_some((n / 20) % 3);
        let first_line = text.lines().count() as u32;
        match language {
            Language::Python => {
                // `    rows = []` is the sixth line of a unit.
                body_lines.push((first_line + 5, 4));
                text.push_str(&python_unit(n, noun, k, vulnerable));
            }
            Language::JavaScript => {
                // `  const items = [];` is the third line of a unit.
                body_lines.push((first_line + 2, 2));
                text.push_str(&javascript_unit(n, noun, k, vulnerable));
            }
            Language::Java => {
                // `        List<...> rows = ...;` is the third line of a unit.
                body_lines.push((first_line + 2, 8));
                text.push_str(&java_unit(n, noun, k, vulnerable));
            }
        }
        n += 1;
    }
    match language {
        Language::Python => {}
        Language::JavaScript => text.push_str("module.exports = app;\n"),
        Language::Java => text.push_str("}\n"),
    }
    // Places spread over the whole file, in a scattered order (a stride coprime to the count).
    let count = body_lines.len();
    let stride = (0..)
        .map(|step| count / 3 + 1 + step)
        .find(|stride| gcd(*stride, count) == 1)
        .unwrap_or(1);
    let places = (0..places.min(count))
        .map(|index| body_lines[(index * stride + 7) % count])
        .collect();
    Generated { text, places }
}

fn gcd(left: usize, right: usize) -> usize {
    if right == 0 {
        left
    } else {
        gcd(right, left % right)
    }
}

/// A message from the server and when it was read off the pipe.
struct Received {
    at: Instant,
    message: Value,
}

/// The server process and a thread that frames its stdout into JSON messages.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Received>,
    spawned: Instant,
    next_id: i64,
}

impl Server {
    fn spawn(binary: &PathBuf) -> Server {
        let spawned = Instant::now();
        let mut child = Command::new(binary)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0u8; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let at = Instant::now();
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if sender.send(Received { at, message }).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            spawned,
            next_id: 0,
        }
    }

    /// Writes one framed message and returns when it was handed to the pipe.
    fn send(&mut self, message: &Value) -> Instant {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let at = Instant::now();
        self.stdin
            .write_all(frame.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("write to the server");
        at
    }

    fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Reads until `accept` takes a message, answering the server's requests on the way.
    fn wait_for(&mut self, accept: impl Fn(&Value) -> bool) -> Received {
        let deadline = Instant::now() + ANSWER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let received = match self.messages.recv_timeout(left) {
                Ok(received) => received,
                Err(RecvTimeoutError::Timeout) => panic!("no answer within {ANSWER_TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            };
            let message = &received.message;
            if message.get("method").is_some() && message.get("id").is_some() {
                // registerCapability and the like: accept.
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if accept(message) {
                return received;
            }
        }
    }

    fn response(&mut self, id: i64) -> Received {
        let received = self.wait_for(|message| message["id"] == json!(id));
        assert!(
            received.message.get("error").is_none(),
            "{}",
            received.message
        );
        received
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Received {
        self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == json!(version)
        })
    }

    /// `initialize` as an editor sends it, then `initialized`; returns the response time.
    fn initialize(&mut self, root: &str) -> Instant {
        let id = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "bench"}],
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {
                        "synchronization": {"dynamicRegistration": false, "didSave": true},
                        "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                        "codeAction": {},
                        "hover": {"contentFormat": ["markdown", "plaintext"]}
                    },
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "window": {"workDoneProgress": true}
                },
                "initializationOptions": {"debounceMs": 0},
            }),
        );
        let answered = self.response(id).at;
        self.notify("initialized", json!({}));
        answered
    }

    /// Peak and current resident set size in KiB, from `/proc/<pid>/status`.
    fn memory(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Some((field("VmHWM:")?, field("VmRSS:")?))
    }

    /// `shutdown` then `exit`; how long the process took to end after `exit`, if it did.
    fn stop(mut self) -> Option<Duration> {
        let id = self.request("shutdown", Value::Null);
        self.response(id);
        let sent = self.notify("exit", Value::Null);
        let deadline = sent + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(sent.elapsed());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // Closing stdin is what finally ends a server stuck reading it.
        drop(self.stdin);
        let closed = Instant::now();
        while closed.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

struct Percentiles {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
}

/// Nearest-rank percentiles.
fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    samples.sort();
    let rank = |quantile: f64| {
        let index = ((quantile * samples.len() as f64).ceil() as usize).max(1) - 1;
        samples[index.min(samples.len() - 1)]
    };
    Percentiles {
        p50: rank(0.50),
        p90: rank(0.90),
        p99: rank(0.99),
        max: samples[samples.len() - 1],
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn milliseconds(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1e3)
}

struct EditRun {
    lines: usize,
    findings: usize,
    latency: Percentiles,
    peak_rss_kib: Option<u64>,
    exited: Option<Duration>,
}

/// Opens one generated document and types `edits` characters into it.
fn edit_run(
    binary: &PathBuf,
    root: &str,
    language: Language,
    lines: usize,
    edits: usize,
) -> EditRun {
    let typed = language.typed();
    let generated = generate(language, lines, edits.div_ceil(typed.len()));
    let uri = format!("{root}/bench_{lines}.{}", language.extension());
    let mut server = Server::spawn(binary);
    server.initialize(root);
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
            "uri": uri, "languageId": language.id(), "version": 1, "text": generated.text
        }}),
    );
    let opened = server.diagnostics(&uri, 1);
    let findings = opened.message["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(findings > 0, "the generated file has no findings");
    let mut samples = Vec::with_capacity(edits);
    let mut version = 1;
    'typing: for &(line, column) in &generated.places {
        for (offset, character) in typed.chars().enumerate() {
            if samples.len() == edits {
                break 'typing;
            }
            version += 1;
            let at = json!({"line": line, "character": column + offset as u32});
            let sent = server.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": at, "end": at}, "text": character.to_string()}]
                }),
            );
            let received = server.diagnostics(&uri, version);
            samples.push(received.at.duration_since(sent));
        }
    }
    let peak_rss_kib = server.memory().map(|(peak, _)| peak);
    let exited = server.stop();
    EditRun {
        lines: generated.text.lines().count(),
        findings,
        latency: percentiles(samples),
        peak_rss_kib,
        exited,
    }
}

/// Spawn -> `initialize` answered, and spawn -> first diagnostics of a small file.
fn start_up(binary: &PathBuf, root: &str) -> (Duration, Duration) {
    let uri = format!("{root}/small.py");
    let mut server = Server::spawn(binary);
    let initialized = server.initialize(root);
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
            "uri": uri, "languageId": "python", "version": 1,
            "text": "import hashlib\n\n\ndef sign(data):\n    return hashlib.md5(data).hexdigest()\n"
        }}),
    );
    let first = server.diagnostics(&uri, 1);
    let spawned = server.spawned;
    server.stop();
    (
        initialized.duration_since(spawned),
        first.at.duration_since(spawned),
    )
}

/// The binary to drive: `CODEWARD_BIN`, or the release build (rebuilt when benchmarking so
/// that the figures are for the current source).
fn binary(benchmarking: bool) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CODEWARD_BIN") {
        return Some(PathBuf::from(path));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = manifest.join("target/release/codeward");
    if benchmarking {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let built = Command::new(cargo)
            .args(["build", "--release", "--bin", "codeward"])
            .current_dir(&manifest)
            .status();
        if !built.is_ok_and(|status| status.success()) {
            eprintln!("cargo build --release failed; using the existing binary if there is one");
        }
    }
    path.is_file().then_some(path)
}

fn main() {
    let benchmarking = std::env::args().any(|argument| argument == "--bench");
    let Some(binary) = binary(benchmarking) else {
        println!("lsp_latency: no release binary (run `cargo build --release`); skipped");
        return;
    };
    let (edits, sizes, start_runs): (usize, &[usize], usize) = if benchmarking {
        (200, &[1_000, 10_000], 9)
    } else {
        (10, &[1_000], 1)
    };
    // `LSP_LATENCY_EDITS=50` shortens a run (a 10k-line file takes seconds per edit today).
    let edits = std::env::var("LSP_LATENCY_EDITS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(edits);
    let folder = tempfile::tempdir().expect("temp dir");
    let root = format!("file://{}", folder.path().display());

    println!("server: {} lsp", binary.display());
    println!(
        "edit -> publishDiagnostics of that version, {edits} single-character edits, debounceMs 0"
    );
    println!(
        "{:<11} {:>6} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "file", "lines", "findings", "p50 ms", "p90 ms", "p99 ms", "max ms", "peak RSS", "exit"
    );
    for language in [Language::Python, Language::JavaScript, Language::Java] {
        for &size in sizes {
            let run = edit_run(&binary, &root, language, size, edits);
            let rss = run.peak_rss_kib.map_or("n/a".to_owned(), |kib| {
                format!("{:.1} MiB", kib as f64 / 1024.0)
            });
            let exit = run.exited.map_or("stuck".to_owned(), |time| {
                format!("{} ms", milliseconds(time))
            });
            println!(
                "{:<11} {:>6} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10}",
                format!("{} {}k", language.id(), size / 1000),
                run.lines,
                run.findings,
                milliseconds(run.latency.p50),
                milliseconds(run.latency.p90),
                milliseconds(run.latency.p99),
                milliseconds(run.latency.max),
                rss,
                exit
            );
        }
    }

    let (initialize, diagnostics): (Vec<Duration>, Vec<Duration>) =
        (0..start_runs).map(|_| start_up(&binary, &root)).unzip();
    println!("start-up, median of {start_runs} runs:");
    println!(
        "  spawn -> initialize response        {:>8} ms",
        milliseconds(median(initialize))
    );
    println!(
        "  spawn -> first diagnostics (5 lines) {:>7} ms",
        milliseconds(median(diagnostics))
    );
    println!(
        "exit: time from `exit` to process end (\"stuck\": still running 3 s later, ended by closing stdin or kill)"
    );
}
