//! The JSON and SARIF reports of `codeward scan`: exact fields, positions and structure.

use serde_json::{Value, json};

use super::{SQL, WEAK_HASH, check};

#[test]
fn json_report_fields() {
    let run = check(
        &[
            ("app.py", WEAK_HASH.as_bytes()),
            ("db/query.py", SQL.as_bytes()),
        ],
        &["--format", "json", "--name", "nightly"],
        1,
        &[],
    );
    let json = run.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["scanName"], "nightly");
    assert_eq!(json["rulesetHash"].as_str().map(str::len), Some(64));
    let hash = &json["findings"][0];
    assert_eq!(hash["ruleId"], "python-weak-hash-md5-sha1");
    assert_eq!(hash["severity"], "medium");
    assert_eq!(hash["confidence"], "high");
    assert_eq!(hash["cwe"], json!(["CWE-328", "CWE-327"]));
    assert_eq!(hash["category"], "insecure-hashing");
    assert_eq!(hash["path"], "app.py");
    let region = [
        &hash["startLine"],
        &hash["startColumn"],
        &hash["endLine"],
        &hash["endColumn"],
    ];
    assert_eq!(region, [5, 12, 5, 29]);
    assert_eq!(hash["snippet"], "    return hashlib.md5(data).hexdigest()");
    assert_eq!(
        hash["remediation"]["url"],
        "https://docs.python.org/3/library/hashlib.html#hash-algorithms"
    );
    assert_eq!(
        hash["fixes"],
        json!([{"description": "Use hashlib.sha256", "edits": [
            {"startLine": 5, "startColumn": 20, "endLine": 5, "endColumn": 23, "newText": "sha256"}]}])
    );
    assert_eq!(hash["fingerprint"].as_str().map(str::len), Some(32));
    assert_eq!(hash["source"], Value::Null);
    let sql = &json["findings"][1];
    assert_eq!(
        (&sql["ruleId"], &sql["path"], &sql["startLine"]),
        (
            &"python-sql-injection".into(),
            &"db/query.py".into(),
            &6.into()
        )
    );
    assert_eq!(
        sql["source"],
        json!({"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 24})
    );
    assert_eq!(json["summary"]["findings"], 2);
    assert_eq!(
        json["summary"]["bySeverity"],
        json!({"critical": 1, "high": 0, "medium": 1, "low": 0, "info": 0})
    );
    assert_eq!(json["skipped"], json!([]));
}

#[test]
fn sarif_structure() {
    let files: &[(&str, &[u8])] = &[
        ("app.py", WEAK_HASH.as_bytes()),
        ("db/query.py", SQL.as_bytes()),
        ("logo.png", b"\x89PNG\0\0"),
    ];
    let run = check(files, &["--format", "sarif", "--name", "ci/main"], 1, &[]);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|schema| schema.ends_with("sarif-schema-2.1.0.json"))
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["automationDetails"]["id"], "ci/main");
    assert!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .is_some_and(|uri| uri.starts_with("file:///") && uri.ends_with('/'))
    );
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "codeward");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "python-weak-hash-md5-sha1");
    let rule = &rules[result["ruleIndex"].as_u64().expect("ruleIndex") as usize];
    assert_eq!(rule["id"], "python-weak-hash-md5-sha1");
    assert_eq!(rule["name"], "PythonWeakHashMd5Sha1");
    assert_eq!(
        rule["properties"]["tags"],
        json!([
            "CWE-328",
            "CWE-327",
            "security",
            "insecure-hashing",
            "OWASP-A02:2021"
        ])
    );
    assert_eq!(rule["properties"]["security-severity"], "5.5");
    assert_eq!(rule["properties"]["precision"], "high");
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_eq!(
        rule["helpUri"],
        "https://docs.python.org/3/library/hashlib.html#hash-algorithms"
    );
    for key in ["shortDescription", "fullDescription"] {
        assert!(rule[key]["text"].is_string(), "{key}");
    }
    assert!(rule["help"]["text"].is_string() && rule["help"]["markdown"].is_string());
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["message"]["text"],
        "MD5 and SHA-1 are broken for security use; collisions are practical"
    );
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        json!({"uri": "app.py", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        location["region"],
        json!({"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 29})
    );
    assert_eq!(
        result["partialFingerprints"]["codeward/v1"]
            .as_str()
            .map(str::len),
        Some(32)
    );
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["deletedRegion"],
        json!({"startLine": 5, "startColumn": 20, "endLine": 5, "endColumn": 23})
    );
    assert_eq!(replacement["insertedContent"]["text"], "sha256");
    let sql = &run["results"][1];
    assert_eq!(
        (&sql["ruleId"], &sql["level"]),
        (&"python-sql-injection".into(), &"error".into())
    );
    let flow = &sql["codeFlows"][0]["threadFlows"][0]["locations"];
    let lines: Vec<&Value> = (0..2)
        .map(|step| &flow[step]["location"]["physicalLocation"]["region"]["startLine"])
        .collect();
    assert_eq!(lines, [5, 6]);
    let notes = &run["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["message"]["text"], "skipped logo.png: binary file");
    assert_eq!(notes[0]["descriptor"]["id"], "skipped/binary");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn columns_count_utf16_code_units() {
    let text = "import hashlib\nh = \"😀名\"; d = hashlib.md5(b\"x\")\n";
    let run = check(
        &[("app.py", text.as_bytes())],
        &["--format", "json"],
        1,
        &[],
    );
    // "h = \"😀名\"; d = " is 15 UTF-16 units (the emoji counts two): the call starts at 16.
    assert_eq!(run.json()["findings"][0]["startColumn"], 16);
}

const WEAK_TOKEN: &str = "\
import random
from flask import Flask, make_response

app = Flask(__name__)

@app.route(\"/login\")
def login():
    sid = \"%032x\" % random.getrandbits(128)
    resp = make_response(\"ok\")
    resp.set_cookie(\"sid\", sid, secure=True, httponly=True)
    return resp
";

#[test]
fn a_flow_reported_where_the_value_is_made_names_where_it_is_used() {
    let files: &[(&str, &[u8])] = &[("auth.py", WEAK_TOKEN.as_bytes())];
    let expected = ["auth.py:8:21  high  python-weak-random-reaches-secret"];
    let json = check(files, &["--format", "json"], 1, &[]).json();
    let finding = &json["findings"][0];
    assert_eq!(
        [
            &finding["startLine"],
            &finding["startColumn"],
            &finding["endColumn"]
        ],
        [8, 21, 44]
    );
    assert_eq!(finding["source"], Value::Null);
    assert_eq!(
        finding["sink"],
        json!({"startLine": 10, "startColumn": 28, "endLine": 10, "endColumn": 31})
    );
    let sarif = check(files, &["--format", "sarif"], 1, &[]).json();
    let result = &sarif["runs"][0]["results"][0];
    let flow = &result["codeFlows"][0]["threadFlows"][0]["locations"];
    let steps: Vec<(&Value, &Value)> = (0..2)
        .map(|step| {
            (
                &flow[step]["location"]["physicalLocation"]["region"]["startLine"],
                &flow[step]["location"]["message"]["text"],
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (&json!(8), &json!("the value is made here")),
            (&json!(10), &json!("and used here"))
        ]
    );
    let text = check(files, &[], 1, &expected);
    assert!(
        text.stdout.contains("= the value is used at line 10:28"),
        "{}",
        text.stdout
    );
}
