//! The SARIF 2.1.0 report, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run: `tool.driver` lists every rule that ran (CWE tag first, `security-severity`,
//! `precision`); each result carries `ruleId`/`ruleIndex`, a level (error for critical and
//! high, warning for medium, note for low and info), a location relative to `%SRCROOT%`,
//! `partialFingerprints["codeward/v1"]`, fixes, and a `codeFlows` source-to-sink path for
//! taint findings. Skipped files, rule errors and unused suppressions are
//! `invocations[0].toolExecutionNotifications`. Columns are UTF-16 code units, stated once
//! in `columnKind`. Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

use serde_json::{Value, json};

use super::{Region, Report, ReportFinding};
use crate::rules::{Confidence, Rule, Severity};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/codeward/codeward";
/// The `partialFingerprints` key of codeward's own fingerprint.
pub const FINGERPRINT_KEY: &str = "codeward/v1";
const SRCROOT: &str = "%SRCROOT%";

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity`: a CVSS-like score its severity bands read back as ours.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
        Severity::Info => "0.0",
    }
}

fn precision(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

/// `python-sql-injection` -> `PythonSqlInjection`, SARIF's friendly rule name.
fn friendly_name(id: &str) -> String {
    id.split(['-', '_'])
        .map(|word| {
            let mut characters = word.chars();
            match characters.next() {
                Some(first) => first.to_uppercase().chain(characters).collect(),
                None => String::new(),
            }
        })
        .collect()
}

/// Percent-encodes a relative path for a URI reference; `/` separates segments.
pub fn encode_uri_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A path outside the scan root (reported absolute) gets a `file://` URI of its own.
fn artifact(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", encode_uri_path(path)) })
    } else {
        json!({ "uri": encode_uri_path(path), "uriBaseId": SRCROOT })
    }
}

fn region(region: &Region) -> Value {
    json!({
        "startLine": region.start_line,
        "startColumn": region.start_column,
        "endLine": region.end_line,
        "endColumn": region.end_column,
    })
}

fn physical(path: &str, area: &Region) -> Value {
    json!({ "physicalLocation": { "artifactLocation": artifact(path), "region": region(area) } })
}

fn rule_descriptor(rule: &Rule) -> Value {
    let meta = &rule.meta;
    let mut tags: Vec<String> = meta.cwe.iter().map(|cwe| format!("CWE-{cwe}")).collect();
    tags.push("security".to_owned());
    tags.push(meta.category.clone());
    tags.extend(meta.owasp.iter().map(|owasp| format!("OWASP-{owasp}")));
    let description = meta.description.as_deref().unwrap_or(&meta.message).trim();
    let mut markdown = format!(
        "{description}\n\n**Remediation:** {}\n\n[{}]({})",
        meta.remediation.text, meta.remediation.url, meta.remediation.url
    );
    for reference in &meta.references {
        markdown.push_str(&format!("\n- <{reference}>"));
    }
    json!({
        "id": meta.id,
        "name": friendly_name(&meta.id),
        "shortDescription": { "text": meta.message },
        "fullDescription": { "text": description },
        "help": {
            "text": format!("{}\n{}", meta.remediation.text, meta.remediation.url),
            "markdown": markdown,
        },
        "helpUri": meta.remediation.url,
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": tags,
            "security-severity": security_severity(meta.severity),
            "precision": precision(meta.confidence),
        },
    })
}

fn result(item: &ReportFinding, rule_index: Option<usize>) -> Value {
    let finding = &item.finding;
    let mut result = json!({
        "ruleId": finding.rule.meta.id,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [physical(&item.path, &item.region)],
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
        "properties": {
            "severity": finding.severity.as_str(),
            "security-severity": security_severity(finding.severity),
        },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !item.fixes.is_empty() {
        result["fixes"] = item
            .fixes
            .iter()
            .map(|fix| {
                json!({
                    "description": { "text": fix.description },
                    "artifactChanges": [{
                        "artifactLocation": artifact(&item.path),
                        "replacements": fix.edits.iter().map(|edit| json!({
                            "deletedRegion": region(&edit.region),
                            "insertedContent": { "text": edit.new_text },
                        })).collect::<Vec<_>>(),
                    }],
                })
            })
            .collect();
    }
    if let Some(source) = &item.source {
        let mut from = physical(&item.path, source);
        from["message"] = json!({ "text": "the tainted value comes from here" });
        let mut to = physical(&item.path, &item.region);
        to["message"] = json!({ "text": "and reaches this sink" });
        result["codeFlows"] = json!([{
            "threadFlows": [{ "locations": [{ "location": from }, { "location": to }] }],
        }]);
        result["relatedLocations"] = json!([{
            "id": 1,
            "physicalLocation": physical(&item.path, source)["physicalLocation"],
            "message": { "text": "source of the tainted value" },
        }]);
    }
    if let Some(sink) = &item.sink {
        let mut from = physical(&item.path, &item.region);
        from["message"] = json!({ "text": "the value is made here" });
        let mut to = physical(&item.path, sink);
        to["message"] = json!({ "text": "and used here" });
        result["codeFlows"] = json!([{
            "threadFlows": [{ "locations": [{ "location": from }, { "location": to }] }],
        }]);
        result["relatedLocations"] = json!([{
            "id": 1,
            "physicalLocation": physical(&item.path, sink)["physicalLocation"],
            "message": { "text": "where the value is used" },
        }]);
    }
    result
}

fn notifications(report: &Report, rule_index: &dyn Fn(&str) -> Option<usize>) -> Vec<Value> {
    let mut notes = Vec::new();
    for skipped in &report.skipped {
        notes.push(json!({
            "level": "note",
            "descriptor": { "id": format!("skipped/{}", skipped.reason.code()) },
            "message": { "text": format!("skipped {}: {}", skipped.path, skipped.reason) },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(&skipped.path) } }],
        }));
    }
    for file in &report.files {
        for error in &file.errors {
            let mut note = json!({
                "level": "error",
                "descriptor": { "id": "rule-error" },
                "message": { "text": error.to_string() },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact(&file.path) } }],
            });
            note["associatedRule"] = match rule_index(&error.rule_id) {
                Some(index) => json!({ "id": error.rule_id, "index": index }),
                None => json!({ "id": error.rule_id }),
            };
            notes.push(note);
        }
        for unused in &file.unused_suppressions {
            notes.push(json!({
                "level": "warning",
                "descriptor": { "id": "unused-suppression" },
                "message": { "text": format!(
                    "`codeward-ignore[{}]` suppresses nothing on this line or the next; remove it",
                    unused.rule_id
                ) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": artifact(&file.path),
                    "region": { "startLine": unused.line },
                } }],
            }));
        }
    }
    notes
}

/// The SARIF log as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let rules = report.rules.rules();
    let rule_index =
        |id: &str| -> Option<usize> { rules.iter().position(|rule| rule.meta.id == id) };
    let results: Vec<Value> = report
        .findings()
        .map(|item| result(item, rule_index(&item.finding.rule.meta.id)))
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "codeward",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": rules.iter().map(|rule| rule_descriptor(rule)).collect::<Vec<_>>(),
        } },
        "invocations": [{
            "executionSuccessful": true,
            "toolExecutionNotifications": notifications(report, &rule_index),
        }],
        "columnKind": "utf16CodeUnits",
        "results": results,
        "properties": {
            "rulesetHash": report.ruleset_hash(),
            "minSeverity": report.min_severity.as_str(),
        },
    });
    if let Some(root) = &report.root_uri {
        run["originalUriBaseIds"] = json!({ SRCROOT: { "uri": root } });
    }
    if let Some(name) = &report.scan_name {
        run["automationDetails"] = json!({ "id": name });
    }
    json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] })
}

/// The SARIF log, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(friendly_name("python-sql-injection"), "PythonSqlInjection");
        assert_eq!(encode_uri_path("src/my file#1.py"), "src/my%20file%231.py");
        assert_eq!(encode_uri_path("名.py"), "%E5%90%8D.py");
    }

    #[test]
    fn levels_follow_severity() {
        let levels: Vec<&str> = [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Info,
        ]
        .into_iter()
        .map(level)
        .collect();
        assert_eq!(levels, ["error", "error", "warning", "note", "note"]);
    }
}
