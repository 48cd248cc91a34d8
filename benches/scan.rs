//! Scan throughput: `cargo bench --bench scan`.
//!
//! Generates a deterministic corpus of realistic Python, JavaScript, Java and Go (at least
//! 200k lines, a few percent of functions vulnerable) in a temporary folder, reads it back,
//! then reports medians over several runs of: parsing every file (tree-sitter only, no
//! rules) and scanning every file with the whole built-in pack, both in parallel with rayon
//! as the CLI does, through the library API (no process start, no file IO in the timings).
//! Prints lines per second for both and the rule overhead ratio (scan / parse).
//! Without `--bench` (e.g. `cargo test --benches`) it runs once on a small corpus as a smoke test.

use std::path::Path;
use std::time::{Duration, Instant};

use codeward::engine::{self, CancelToken, Document};
use codeward::lang::Language;
use rayon::prelude::*;

const NOUNS: [&str; 8] = [
    "orders", "users", "invoices", "products", "sessions", "reports", "accounts", "events",
];

/// A small deterministic generator (64-bit LCG): the corpus is the same on every run.
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

fn python_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let query = match vulnerable {
        Some(0) => {
            format!("    cursor.execute(\"SELECT * FROM {noun} WHERE owner = '%s'\" % user_id)\n")
        }
        Some(_) => "    token = hashlib.md5(str(user_id).encode()).hexdigest()\n".to_owned(),
        None => format!(
            "    cursor.execute(\"SELECT * FROM {noun} WHERE owner = ? LIMIT ?\", (user_id, limit))\n"
        ),
    };
    format!(
        "@app.route(\"/{noun}/{n}\")\ndef handle_{noun}_{n}():\n    \"\"\"Return the {noun} records of the current user.\"\"\"\n    user_id = request.args.get(\"id\")\n    limit = int(request.args.get(\"limit\", \"10\"))\n    rows = []\n    for index in range({k}):\n        if index % 3 == 0:\n            rows.append({{\"index\": index, \"name\": \"{noun}_%d\" % index}})\n        else:\n            rows.append({{\"index\": index, \"value\": index * {k}}})\n    cursor = db.cursor()\n{query}    return jsonify(rows)\n\n\n"
    )
}

fn javascript_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let query = match vulnerable {
        Some(0) => format!("  db.query(\"SELECT * FROM {noun} WHERE id = \" + id, (err, rows) => {{\n"),
        Some(_) => "  const sig = crypto.createHash(\"md5\").update(id).digest(\"hex\");\n  db.query(\"SELECT 1\", (err, rows) => {\n".to_owned(),
        None => format!("  db.query(\"SELECT * FROM {noun} WHERE id = ?\", [id], (err, rows) => {{\n"),
    };
    format!(
        "app.get(\"/{noun}/{n}\", (req, res) => {{\n  const id = req.query.id;\n  const items = [];\n  for (let i = 0; i < {k}; i++) {{\n    items.push({{ id: i, label: `{noun}-${{i}}` }});\n  }}\n{query}    if (err) {{\n      return res.status(500).end();\n    }}\n    res.json({{ rows, items }});\n  }});\n}});\n\n"
    )
}

fn java_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let query = match vulnerable {
        Some(0) => format!("        ResultSet rows = connection.createStatement().executeQuery(\"SELECT name FROM {noun} WHERE id = '\" + id + \"'\");\n"),
        Some(_) => "        MessageDigest digest = MessageDigest.getInstance(\"MD5\");\n        ResultSet rows = connection.createStatement().executeQuery(\"SELECT 1\");\n".to_owned(),
        None => format!("        PreparedStatement statement = connection.prepareStatement(\"SELECT name FROM {noun} WHERE id = ?\");\n        statement.setString(1, id);\n        ResultSet rows = statement.executeQuery();\n"),
    };
    format!(
        "    public List<String> load{noun}{n}(HttpServletRequest request) throws Exception {{\n        String id = request.getParameter(\"id\");\n        List<String> names = new ArrayList<>();\n        for (int i = 0; i < {k}; i++) {{\n            names.add(\"{noun}-\" + i);\n        }}\n{query}        while (rows.next()) {{\n            names.add(rows.getString(\"name\"));\n        }}\n        return names;\n    }}\n\n"
    )
}

fn go_unit(n: usize, noun: &str, k: usize, vulnerable: Option<usize>) -> String {
    let extra = match vulnerable {
        Some(0) => "\tsum := md5.Sum([]byte(id))\n\t_ = sum\n",
        Some(_) => {
            "\tclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}\n\t_ = client\n"
        }
        None => "",
    };
    format!(
        "func Handle{noun}{n}(w http.ResponseWriter, r *http.Request) {{\n\tid := r.URL.Query().Get(\"id\")\n\titems := make([]string, 0, {k})\n\tfor i := 0; i < {k}; i++ {{\n\t\titems = append(items, fmt.Sprintf(\"{noun}-%d\", i))\n\t}}\n{extra}\trow := db.QueryRow(\"SELECT name FROM {noun} WHERE id = $1\", id)\n\tvar name string\n\tif err := row.Scan(&name); err != nil {{\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t\treturn\n\t}}\n\tfmt.Fprintln(w, name, len(items))\n}}\n\n"
    )
}

/// One generated file: its name and text.
fn generate_file(index: usize, units: usize, random: &mut Random) -> (String, String) {
    let language = index % 4;
    let mut body = String::new();
    for n in 0..units {
        let noun = NOUNS[random.below(NOUNS.len() as u64)];
        let k = 2 + random.below(40);
        // About one function in twenty-five is vulnerable.
        let vulnerable = (random.below(25) == 0).then(|| random.below(2));
        body.push_str(&match language {
            0 => python_unit(n, noun, k, vulnerable),
            1 => javascript_unit(n, noun, k, vulnerable),
            2 => java_unit(n, noun, k, vulnerable),
            _ => go_unit(n, noun, k, vulnerable),
        });
    }
    match language {
        0 => (
            format!("app/views_{index}.py"),
            format!(
                "import hashlib\nfrom flask import Flask, jsonify, request\n\napp = Flask(__name__)\n\n\n{body}"
            ),
        ),
        1 => (
            format!("web/routes_{index}.js"),
            format!(
                "const crypto = require(\"crypto\");\nconst express = require(\"express\");\nconst app = express();\n\n{body}module.exports = app;\n"
            ),
        ),
        2 => (
            format!("service/Controller{index}.java"),
            format!(
                "package com.example;\n\nimport java.security.MessageDigest;\nimport java.sql.*;\nimport java.util.*;\nimport javax.servlet.http.HttpServletRequest;\n\npublic class Controller{index} {{\n    private Connection connection;\n\n{body}}}\n"
            ),
        ),
        _ => (
            format!("gateway/handlers_{index}.go"),
            format!(
                "package gateway\n\nimport (\n\t\"crypto/md5\"\n\t\"crypto/tls\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\n{body}"
            ),
        ),
    }
}

/// Writes the corpus under `root` and reads it back as (path, language, text).
fn corpus(root: &Path, min_lines: usize) -> Vec<(String, Option<Language>, String)> {
    let mut random = Random(0x5eed_c0de_0000_0001);
    let mut lines = 0;
    let mut index = 0;
    while lines < min_lines {
        let (name, text) = generate_file(index, 60, &mut random);
        lines += text.lines().count();
        let path = root.join(&name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("corpus folder");
        std::fs::write(&path, text).expect("corpus file");
        index += 1;
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        if entry.file_type().is_some_and(|kind| kind.is_file()) {
            let text = std::fs::read_to_string(entry.path()).expect("read corpus");
            let language =
                Language::from_path(entry.path(), text.lines().next().unwrap_or_default());
            files.push((entry.path().display().to_string(), language, text));
        }
    }
    files.sort_by(|left, right| left.0.cmp(&right.0));
    files
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// CPU time of this process so far (all threads), from `/proc/self/stat`: unlike wall time
/// it barely moves when other work shares the machine. `None` off Linux.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Median wall time and median CPU time of `runs` runs, and the last result.
fn time_runs(runs: usize, mut work: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut result = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let cpu_start = process_cpu_time().unwrap_or_default();
        result = work();
        wall.push(start.elapsed());
        cpu.push(
            process_cpu_time()
                .unwrap_or_default()
                .saturating_sub(cpu_start),
        );
    }
    (median(wall), median(cpu), result)
}

/// CPU time of the matching pass alone (one walk per combined query, trees parsed once).
fn match_pass(
    files: &[(String, Option<Language>, String)],
    rules: &codeward::rules::RuleSet,
    runs: usize,
) -> Duration {
    let trees: Vec<Option<tree_sitter::Tree>> = files
        .par_iter()
        .map(|(_, language, text)| engine::parse((*language)?, text, None))
        .collect();
    let (_, time, _) = time_runs(runs, || {
        files
            .par_iter()
            .zip(&trees)
            .map(|((_, language, text), tree)| {
                let (Some(language), Some(tree)) = (language, tree) else {
                    return 0;
                };
                let table = engine::pattern::MatchTable::build(
                    &rules.queries_for(*language),
                    tree.root_node(),
                    text,
                    &CancelToken::new(),
                );
                usize::from(!table.is_empty())
            })
            .sum()
    });
    time
}

fn main() {
    let benchmarking = std::env::args().any(|argument| argument == "--bench");
    let (min_lines, runs) = if benchmarking {
        (200_000, 5)
    } else {
        (2_000, 1)
    };
    let folder = tempfile::tempdir().expect("temp dir");
    let files = corpus(folder.path(), min_lines);
    let lines: usize = files.iter().map(|(_, _, text)| text.lines().count()).sum();
    let (rules, errors) = codeward::rules::builtin();
    assert!(
        errors.is_empty(),
        "the built-in pack has errors: {errors:?}"
    );
    let cancel = CancelToken::new();

    let (parse_time, parse_cpu, trees) = time_runs(runs, || {
        files
            .par_iter()
            .filter_map(|(_, language, text)| engine::parse((*language)?, text, None))
            .count()
    });
    let (scan_time, scan_cpu, findings) = time_runs(runs, || {
        files
            .par_iter()
            .map(|(path, language, text)| {
                let document = Document {
                    path,
                    language: *language,
                    text,
                };
                engine::scan(&document, &rules, &cancel).findings.len()
            })
            .sum()
    });
    let per_second = |time: Duration| lines as f64 / time.as_secs_f64();
    println!(
        "corpus: {} files, {lines} lines ({trees} parsed), {} rules, {} threads, median of {runs} runs",
        files.len(),
        rules.rules().len(),
        rayon::current_num_threads()
    );
    let per_cpu_second = |time: Duration| lines as f64 / time.as_secs_f64().max(1e-3);
    println!(
        "parse only : wall {:>8.1} ms {:>9.0} lines/s | cpu {:>8.1} ms {:>9.0} lines/cpu-s",
        parse_time.as_secs_f64() * 1e3,
        per_second(parse_time),
        parse_cpu.as_secs_f64() * 1e3,
        per_cpu_second(parse_cpu)
    );
    println!(
        "full scan  : wall {:>8.1} ms {:>9.0} lines/s | cpu {:>8.1} ms {:>9.0} lines/cpu-s  ({findings} findings)",
        scan_time.as_secs_f64() * 1e3,
        per_second(scan_time),
        scan_cpu.as_secs_f64() * 1e3,
        per_cpu_second(scan_cpu)
    );
    let matching = match_pass(&files, &rules, runs);
    println!(
        "matching alone (one query walk per grammar, trees given): cpu {:.1} ms",
        matching.as_secs_f64() * 1e3
    );
    println!(
        "rule overhead: scan / parse = {:.2}x wall, {:.2}x cpu",
        scan_time.as_secs_f64() / parse_time.as_secs_f64(),
        scan_cpu.as_secs_f64() / parse_cpu.as_secs_f64().max(1e-3)
    );
}
