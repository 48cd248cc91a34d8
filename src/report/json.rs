//! The JSON report: a stable, documented shape for scripts (`--format json`).
//!
//! ```text
//! { version: 1, toolVersion, scanName: string|null, rulesetHash, minSeverity,
//!   findings: [{ ruleId, severity, confidence, cwe: ["CWE-89"], category, message, path,
//!                startLine, startColumn, endLine, endColumn, snippet,
//!                remediation: {text, url},
//!                fixes: [{description, edits: [{startLine, startColumn, endLine, endColumn, newText}]}],
//!                fingerprint, source: {startLine, startColumn, endLine, endColumn} | null,
//!                sink: {startLine, startColumn, endLine, endColumn} (only on findings
//!                reported where a value is made, such as a weak generator: where it is used) }],
//!   skipped: [{path, reason: binary|too-large|invalid-utf8|unreadable, message}],
//!   errors: [{ruleId, path, message}],
//!   unusedSuppressions: [{path, line, ruleId}],
//!   summary: { filesScanned, filesSkipped, linesScanned, findings, suppressed, errors,
//!              unusedSuppressions, bySeverity: {critical, high, medium, low, info} } }
//! ```
//! Lines and columns are one-based; columns count UTF-16 code units; end columns are
//! exclusive. `snippet` is the flagged source lines (secrets redacted) joined by `\n`.
//! Fields are only ever added, never renamed; `version` changes if that promise breaks.

use serde::Serialize;

use super::{Region, Report, ReportFinding, Summary};

/// The version of this JSON shape.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    version: u32,
    tool_version: &'static str,
    scan_name: Option<&'a str>,
    ruleset_hash: String,
    min_severity: &'static str,
    findings: Vec<JsonFinding<'a>>,
    skipped: Vec<JsonSkipped<'a>>,
    errors: Vec<JsonError<'a>>,
    unused_suppressions: Vec<JsonUnused<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFinding<'a> {
    rule_id: &'a str,
    severity: &'static str,
    confidence: crate::rules::Confidence,
    cwe: Vec<String>,
    category: &'a str,
    message: &'a str,
    path: &'a str,
    #[serde(flatten)]
    region: Region,
    snippet: String,
    remediation: &'a crate::rules::Remediation,
    fixes: Vec<JsonFix<'a>>,
    fingerprint: &'a str,
    source: Option<Region>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sink: Option<Region>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonEdit<'a> {
    #[serde(flatten)]
    region: Region,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    path: &'a str,
    reason: &'static str,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonError<'a> {
    rule_id: &'a str,
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonUnused<'a> {
    path: &'a str,
    line: u32,
    rule_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonSummary {
    files_scanned: usize,
    files_skipped: usize,
    lines_scanned: usize,
    findings: usize,
    suppressed: usize,
    errors: usize,
    unused_suppressions: usize,
    by_severity: BySeverity,
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

fn finding(item: &ReportFinding) -> JsonFinding<'_> {
    let finding = &item.finding;
    let meta = &finding.rule.meta;
    JsonFinding {
        rule_id: &meta.id,
        severity: finding.severity.as_str(),
        confidence: meta.confidence,
        cwe: meta.cwe.iter().map(|cwe| format!("CWE-{cwe}")).collect(),
        category: &meta.category,
        message: &finding.message,
        path: &item.path,
        region: item.region,
        snippet: finding
            .snippet
            .iter()
            .map(|(_, line)| line.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        remediation: &meta.remediation,
        fixes: item
            .fixes
            .iter()
            .map(|fix| JsonFix {
                description: &fix.description,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsonEdit {
                        region: edit.region,
                        new_text: &edit.new_text,
                    })
                    .collect(),
            })
            .collect(),
        fingerprint: &finding.fingerprint,
        source: item.source,
        sink: item.sink,
    }
}

fn summary(summary: &Summary) -> JsonSummary {
    let count = |severity: crate::rules::Severity| summary.by_severity[severity as usize];
    use crate::rules::Severity;
    JsonSummary {
        files_scanned: summary.files_scanned,
        files_skipped: summary.files_skipped,
        lines_scanned: summary.lines_scanned,
        findings: summary.findings,
        suppressed: summary.suppressed,
        errors: summary.errors,
        unused_suppressions: summary.unused_suppressions,
        by_severity: BySeverity {
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            info: count(Severity::Info),
        },
    }
}

/// The JSON report, pretty-printed, with a final newline.
pub fn render(report: &Report) -> String {
    let document = Document {
        version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION"),
        scan_name: report.scan_name.as_deref(),
        ruleset_hash: report.ruleset_hash(),
        min_severity: report.min_severity.as_str(),
        findings: report.findings().map(finding).collect(),
        skipped: report
            .skipped
            .iter()
            .map(|skipped| JsonSkipped {
                path: &skipped.path,
                reason: skipped.reason.code(),
                message: skipped.reason.to_string(),
            })
            .collect(),
        errors: report
            .files
            .iter()
            .flat_map(|file| file.errors.iter())
            .map(|error| JsonError {
                rule_id: &error.rule_id,
                path: &error.path,
                message: &error.message,
            })
            .collect(),
        unused_suppressions: report
            .files
            .iter()
            .flat_map(|file| {
                file.unused_suppressions.iter().map(|unused| JsonUnused {
                    path: &file.path,
                    line: unused.line,
                    rule_id: &unused.rule_id,
                })
            })
            .collect(),
        summary: summary(&report.summary()),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|error| {
        // Every field is a plain string or number: serialising cannot fail.
        format!("{{\"error\": \"{error}\"}}")
    });
    text.push('\n');
    text
}
