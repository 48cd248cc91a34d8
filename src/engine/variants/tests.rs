use super::*;

fn case(language: Language, text: &str, line: u32, transform: Transform) -> Option<Variant> {
    let tree = crate::engine::parse(language, text, None).expect("parse");
    case_variant(language, text, &tree, line, transform)
}

fn file(language: Language, text: &str, transform: Transform) -> Option<String> {
    let tree = crate::engine::parse(language, text, None).expect("parse");
    file_variant(language, text, &tree, transform)
}

const PYTHON: &str = "\
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route('/run')
def run(name):
    cmd = request.args.get('cmd')
    out = subprocess.check_output(cmd, shell=True)
    subprocess.call('ls')
    return out
";

#[test]
fn python_statement_variants() {
    let variant = case(Language::Python, PYTHON, 9, Transform::Intermediate).expect("variant");
    assert!(
        variant
            .text
            .contains("    v1 = cmd\n    out = subprocess.check_output(v1, shell=True)\n")
    );
    assert_eq!(variant.lines, vec![9, 10]);
    let variant = case(Language::Python, PYTHON, 9, Transform::Helper).expect("variant");
    assert!(
        variant
            .text
            .contains("    out = subprocess.check_output(relay1(cmd), shell=True)\n")
    );
    assert!(
        variant
            .text
            .ends_with("    return out\n\n\ndef relay1(value):\n    return value\n")
    );
    assert_eq!(variant.lines, vec![9]);
    let variant = case(Language::Python, PYTHON, 9, Transform::FalseBranch).expect("variant");
    assert!(variant.text.contains(
        "    if False:\n        out = subprocess.check_output(cmd, shell=True)\n    subprocess"
    ));
    assert_eq!(variant.lines, vec![9, 10]);
    let variant = case(Language::Python, PYTHON, 8, Transform::HoistReceiver).expect("variant");
    assert!(
        variant
            .text
            .contains("    r1 = request.args\n    cmd = r1.get('cmd')\n")
    );
    // Constant arguments are not routed; a receiver that is a module stays.
    assert_eq!(
        case(Language::Python, PYTHON, 10, Transform::Intermediate),
        None
    );
    assert_eq!(
        case(Language::Python, PYTHON, 10, Transform::HoistReceiver),
        None
    );
    // A definition cannot be wrapped; a blank line is no case.
    assert_eq!(
        case(Language::Python, PYTHON, 7, Transform::TrueBranch),
        None
    );
    assert_eq!(
        case(Language::Python, PYTHON, 5, Transform::TrueBranch),
        None
    );
}

#[test]
fn python_name_variants() {
    // The decorated view keeps the parameter its route binds by name.
    let renamed = file(Language::Python, PYTHON, Transform::Rename).expect("variant");
    assert!(renamed.contains("def run(name):\n    v1 = request.args.get('cmd')\n    v2 = subprocess.check_output(v1, shell=True)\n"));
    assert!(renamed.contains("    return v2\n"));
    let qualified = file(Language::Python, PYTHON, Transform::Qualify).expect("variant");
    assert!(
        qualified.starts_with("import subprocess\nimport flask\n\napp = flask.Flask(__name__)\n")
    );
    assert!(qualified.contains("    cmd = flask.request.args.get('cmd')\n"));
    let aliased = file(Language::Python, PYTHON, Transform::Alias).expect("variant");
    assert!(aliased.starts_with("import subprocess as mod1\nfrom flask import Flask as f1, request as f2\n\napp = f1(__name__)\n"));
    assert!(aliased.contains("    out = mod1.check_output(cmd, shell=True)\n"));
}

const JAVA: &str = "\
import java.io.IOException;
import javax.servlet.http.HttpServletRequest;

class Runner {
    void run(HttpServletRequest request, @RequestParam String id) throws IOException {
        String cmd = request.getParameter(\"cmd\");
        Runtime.getRuntime().exec(cmd);
    }
}
";

#[test]
fn java_variants() {
    let variant = case(Language::Java, JAVA, 7, Transform::HoistReceiver).expect("variant");
    assert!(
        variant
            .text
            .contains("        var r1 = Runtime.getRuntime();\n        r1.exec(cmd);\n")
    );
    assert_eq!(variant.lines, vec![7, 8]);
    let variant = case(Language::Java, JAVA, 7, Transform::Helper).expect("variant");
    assert!(variant.text.ends_with("        Runtime.getRuntime().exec(relay1(cmd));\n    }\n    private static <T> T relay1(T value) {\n        return value;\n    }\n}\n"));
    // A declaration is split so that its name stays in scope; `if (false)` would leave it
    // unassigned, which Java refuses.
    let variant = case(Language::Java, JAVA, 6, Transform::TrueBranch).expect("variant");
    assert!(variant.text.contains("        String cmd;\n        if (true) {\n            cmd = request.getParameter(\"cmd\");\n        }\n"));
    assert_eq!(variant.lines, vec![6, 7, 8]);
    assert_eq!(case(Language::Java, JAVA, 6, Transform::FalseBranch), None);
    let renamed = file(Language::Java, JAVA, Transform::Rename).expect("variant");
    assert!(renamed.contains("    void run(HttpServletRequest v1, @RequestParam String id) throws IOException {\n        String v2 = v1.getParameter(\"cmd\");\n        Runtime.getRuntime().exec(v2);\n"));
    let qualified = file(Language::Java, JAVA, Transform::Qualify).expect("variant");
    assert!(qualified.contains("    void run(javax.servlet.http.HttpServletRequest request, @RequestParam String id) throws java.io.IOException {\n"));
    assert_eq!(file(Language::Java, JAVA, Transform::Alias), None);
}

#[test]
fn javascript_variants() {
    let text = "\
const { exec: run, spawn } = require('child_process');
import express from 'express';

const app = express();
app.get('/x', (req, res) => {
  const { cmd } = req.query;
  run(cmd, { shell: true });
  res.send({ cmd });
});
";
    let aliased = file(Language::JavaScript, text, Transform::Alias).expect("variant");
    assert!(aliased.starts_with("const { exec: f1, spawn: f2 } = require('child_process');\nimport mod1 from 'express';\n\nconst app = mod1();\n"));
    assert!(aliased.contains("  f1(cmd, { shell: true });\n"));
    let qualified = file(Language::JavaScript, text, Transform::Qualify).expect("variant");
    assert!(qualified.starts_with("const m1 = require('child_process');\n"));
    assert!(qualified.contains("  m1.exec(cmd, { shell: true });\n"));
    let renamed = file(Language::JavaScript, text, Transform::Rename).expect("variant");
    assert!(renamed.contains("app.get('/x', (v1, v2) => {\n  const { cmd: v3 } = v1.query;\n  run(v3, { shell: true });\n  v2.send({ cmd: v3 });\n"));
    let variant = case(Language::JavaScript, text, 7, Transform::Intermediate).expect("variant");
    assert!(
        variant
            .text
            .contains("  const v1 = cmd;\n  run(v1, { shell: true });\n")
    );
}

#[test]
fn go_variants() {
    let text = "\
package web

import (
\t\"net/http\"
\t\"os/exec\"
)

func run(w http.ResponseWriter, r *http.Request) {
\tc := r.URL.Query().Get(\"c\")
\texec.Command(\"sh\", \"-c\", c).Run()
}
";
    let aliased = file(Language::Go, text, Transform::Alias).expect("variant");
    assert!(aliased.contains("\tp1 \"net/http\"\n\tp2 \"os/exec\"\n"));
    assert!(aliased.contains("func run(w p1.ResponseWriter, r *p1.Request) {\n"));
    assert!(aliased.contains("\tp2.Command(\"sh\", \"-c\", c).Run()\n"));
    let renamed = file(Language::Go, text, Transform::Rename).expect("variant");
    assert!(renamed.contains("func run(v1 http.ResponseWriter, v2 *http.Request) {\n\tv3 := v2.URL.Query().Get(\"c\")\n\texec.Command(\"sh\", \"-c\", v3).Run()\n"));
    let variant = case(Language::Go, text, 9, Transform::HoistReceiver).expect("variant");
    assert!(
        variant
            .text
            .contains("\tr1 := r.URL.Query()\n\tc := r1.Get(\"c\")\n")
    );
    let variant = case(Language::Go, text, 10, Transform::TrueBranch).expect("variant");
    assert!(
        variant
            .text
            .contains("\tif true {\n\t    exec.Command(\"sh\", \"-c\", c).Run()\n\t}\n")
    );
    // A `:=` declaration has no type to declare it by before the branch.
    assert_eq!(case(Language::Go, text, 9, Transform::TrueBranch), None);
    assert_eq!(file(Language::Go, text, Transform::Qualify), None);
}

#[test]
fn container_variants() {
    let variant = case(Language::Python, PYTHON, 9, Transform::Map).expect("variant");
    assert!(variant.text.contains(
        "    map1 = {\"k\": cmd}\n    out = subprocess.check_output(map1[\"k\"], shell=True)\n"
    ));
    assert_eq!(variant.lines, vec![9, 10]);
    let variant = case(Language::Python, PYTHON, 9, Transform::List).expect("variant");
    assert!(
        variant.text.contains(
            "    list1 = [cmd]\n    out = subprocess.check_output(list1[0], shell=True)\n"
        )
    );
    // The look-alike is judged on the case's own line only: the value stored stays where
    // a rule on the value itself still finds it.
    let variant = case(Language::Python, PYTHON, 9, Transform::OtherKey).expect("variant");
    assert!(variant.text.contains("    map1 = {}\n    map1[\"k\"] = cmd\n    map1[\"j\"] = \"c\"\n    out = subprocess.check_output(map1[\"j\"], shell=True)\n"));
    assert_eq!(variant.lines, vec![12]);

    let variant = case(Language::Java, JAVA, 7, Transform::Map).expect("variant");
    assert!(variant.text.contains("        var map1 = java.util.Map.of(\"k\", cmd);\n        Runtime.getRuntime().exec(map1.get(\"k\"));\n"));
    let variant = case(Language::Java, JAVA, 7, Transform::List).expect("variant");
    assert!(variant.text.contains("        var list1 = java.util.List.of(cmd);\n        Runtime.getRuntime().exec(list1.get(0));\n"));
    let variant = case(Language::Java, JAVA, 7, Transform::OtherKey).expect("variant");
    assert!(variant.text.contains("        java.util.Map<String, String> map1 = new java.util.HashMap<>();\n        map1.put(\"k\", cmd);\n        map1.put(\"j\", \"c\");\n        Runtime.getRuntime().exec(map1.get(\"j\"));\n"));
    assert_eq!(variant.lines, vec![10]);

    let text = "\
const { exec } = require('child_process');
app.get('/x', (req, res) => {
  const cmd = req.query.cmd;
  exec(cmd);
});
";
    let variant = case(Language::JavaScript, text, 4, Transform::Map).expect("variant");
    assert!(
        variant
            .text
            .contains("  const map1 = new Map([[\"k\", cmd]]);\n  exec(map1.get(\"k\"));\n")
    );
    let variant = case(Language::JavaScript, text, 4, Transform::List).expect("variant");
    assert!(
        variant
            .text
            .contains("  const list1 = [cmd];\n  exec(list1[0]);\n")
    );
    let variant = case(Language::JavaScript, text, 4, Transform::OtherKey).expect("variant");
    assert!(variant.text.contains("  const map1 = new Map();\n  map1.set(\"k\", cmd);\n  map1.set(\"j\", \"c\");\n  exec(map1.get(\"j\"));\n"));
    // The same case with constant arguments: a case still reported so is not a flow.
    let tree = crate::engine::parse(Language::JavaScript, text, None).expect("parse");
    let constant =
        constant_arguments_variant(Language::JavaScript, text, &tree, 4).expect("variant");
    assert!(constant.text.contains("  exec(\"c\");\n"));
    // Go has no container rewrite.
    let go = "package web\n\nfunc run(c string) {\n\texec.Command(c).Run()\n}\n";
    assert_eq!(case(Language::Go, go, 4, Transform::Map), None);
}
