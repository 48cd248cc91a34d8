//! The human report: findings grouped by file, then one summary line.
//!
//! Each finding is `path:line:col  severity  rule-id  message`, then its source lines, its
//! remediation and its quick fix if any. Styles are ANSI sequences from `anstyle`, always
//! written; the caller passes the text through `anstream`, which strips them for pipes,
//! files and `NO_COLOR`. Columns are one-based UTF-16 code units, as in every report.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{FileReport, Report, ReportFinding, SEVERITIES_DESCENDING, Summary, plural};
use crate::rules::Severity;

/// Source lines longer than this are cut in the report (minified files).
const MAX_SNIPPET_CHARS: usize = 160;

const PATH: Style = Style::new().bold().underline();
const LOCATION: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => AnsiColor::BrightRed.on_default().bold(),
        Severity::High => AnsiColor::Red.on_default(),
        Severity::Medium => AnsiColor::Yellow.on_default(),
        Severity::Low => AnsiColor::Cyan.on_default(),
        Severity::Info => AnsiColor::Blue.on_default(),
    }
}

/// The whole text report, with ANSI styles.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        if file.findings.is_empty() && file.unused_suppressions.is_empty() && file.errors.is_empty()
        {
            continue;
        }
        render_file(&mut out, file);
        out.push('\n');
    }
    out.push_str(&summary_line(&report.summary()));
    out.push('\n');
    out
}

fn render_file(out: &mut String, file: &FileReport) {
    let _ = writeln!(out, "{PATH}{}{PATH:#}", file.path);
    for finding in &file.findings {
        render_finding(out, finding);
    }
    for unused in &file.unused_suppressions {
        let _ = writeln!(
            out,
            "{LOCATION}{}:{}{LOCATION:#}  {WARNING}warning{WARNING:#}  {DIM}unused-suppression{DIM:#}  \
             `codeward-ignore[{}]` suppresses nothing on this line or the next; remove it",
            file.path, unused.line, unused.rule_id
        );
    }
    for error in &file.errors {
        let _ = writeln!(
            out,
            "{LOCATION}{}{LOCATION:#}  {ERROR}error{ERROR:#}  {DIM}{}{DIM:#}  {}",
            file.path, error.rule_id, error.message
        );
    }
}

fn render_finding(out: &mut String, item: &ReportFinding) {
    let finding = &item.finding;
    let style = severity_style(finding.severity);
    let _ = writeln!(
        out,
        "{LOCATION}{}:{}:{}{LOCATION:#}  {style}{}{style:#}  {DIM}{}{DIM:#}  {}",
        item.path,
        item.region.start_line,
        item.region.start_column,
        finding.severity,
        finding.rule.meta.id,
        finding.message
    );
    let width = finding
        .snippet
        .iter()
        .map(|(line, _)| line.to_string().len())
        .max()
        .unwrap_or(1);
    for (line, content) in &finding.snippet {
        let content = truncate(content, MAX_SNIPPET_CHARS);
        let _ = writeln!(out, "  {DIM}{line:>width$} |{DIM:#} {content}");
    }
    let pad = " ".repeat(width);
    let remediation = &finding.rule.meta.remediation;
    let _ = writeln!(
        out,
        "  {pad} {DIM}={DIM:#} remediation: {} {DIM}<{}>{DIM:#}",
        remediation.text, remediation.url
    );
    if let Some(source) = &item.source {
        let _ = writeln!(
            out,
            "  {pad} {DIM}={DIM:#} tainted value from line {}:{}",
            source.start_line, source.start_column
        );
    }
    if let Some(sink) = &item.sink {
        let _ = writeln!(
            out,
            "  {pad} {DIM}={DIM:#} the value is used at line {}:{}",
            sink.start_line, sink.start_column
        );
    }
    for fix in &item.fixes {
        let _ = writeln!(out, "  {pad} {DIM}={DIM:#} quick fix: {}", fix.description);
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// `3 findings (1 critical, 2 medium) in 4 files; 1 file skipped`.
pub fn summary_line(summary: &Summary) -> String {
    let counts: Vec<String> = SEVERITIES_DESCENDING
        .iter()
        .filter(|severity| summary.by_severity[**severity as usize] > 0)
        .map(|severity| format!("{} {severity}", summary.by_severity[*severity as usize]))
        .collect();
    let counts = if counts.is_empty() {
        String::new()
    } else {
        format!(" ({})", counts.join(", "))
    };
    let tests = if summary.test_code_left_out > 0 {
        format!(
            "; {} in test code left out (--include-tests)",
            plural(summary.test_code_left_out, "finding")
        )
    } else {
        String::new()
    };
    format!(
        "{}{counts} in {}; {} skipped{tests}",
        plural(summary.findings, "finding"),
        plural(summary.files_scanned, "file"),
        plural(summary.files_skipped, "file"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_summary(by_severity: [usize; 5], files: usize, skipped: usize, expected: &str) {
        let summary = Summary {
            files_scanned: files,
            files_skipped: skipped,
            findings: by_severity.iter().sum(),
            by_severity,
            ..Summary::default()
        };
        assert_eq!(summary_line(&summary), expected);
    }

    #[test]
    fn summary_lines() {
        check_summary([0; 5], 0, 0, "0 findings in 0 files; 0 files skipped");
        check_summary(
            [0, 0, 2, 0, 1],
            1,
            1,
            "3 findings (1 critical, 2 medium) in 1 file; 1 file skipped",
        );
        check_summary(
            [1, 0, 0, 0, 0],
            2,
            3,
            "1 finding (1 info) in 2 files; 3 files skipped",
        );
    }

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        assert_eq!(truncate("名前名前", 2), "名前…");
        assert_eq!(truncate("short", 10), "short");
    }
}
