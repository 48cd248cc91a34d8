//! Findings to LSP diagnostics and back: ranges in the negotiated encoding, the rule id as
//! `code`, the reference link, taint sources as related information, and in `data` every
//! edit a code action needs (fixes and the suppression comment), so actions keep no state.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Uri,
};

use crate::engine::{Finding, suppress};
use crate::lang::Language;
use crate::rules::Severity;
use crate::text::{Encoding, LineIndex, Position};

/// What one analysis produced for a document.
#[derive(Debug, Clone)]
pub struct Published {
    pub version: i32,
    pub generation: u64,
    /// Tells this result from any other, even of the same generation (a quick analysis
    /// and the whole-file one behind it): what `lsp::publish` pushed last is known by it.
    pub sequence: u64,
    pub diagnostics: Vec<Diagnostic>,
    pub findings: Arc<Vec<Finding>>,
}

impl Published {
    pub fn new(
        version: i32,
        generation: u64,
        diagnostics: Vec<Diagnostic>,
        findings: Arc<Vec<Finding>>,
    ) -> Published {
        static SEQUENCE: AtomicU64 = AtomicU64::new(0);
        Published {
            version,
            generation,
            sequence: SEQUENCE.fetch_add(1, Ordering::Relaxed) + 1,
            diagnostics,
            findings,
        }
    }
}

/// The payload of a codeward diagnostic's `data`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    pub rule_id: String,
    /// The version of the document the ranges below are in (`None`: a file that was not
    /// open, as the workspace scan read it). A code action for another version is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    pub fingerprint: String,
    pub fixes: Vec<FixData>,
    pub suppress: EditData,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FixData {
    pub title: String,
    pub edits: Vec<EditData>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EditData {
    pub range: lsp::Range,
    pub new_text: String,
}

pub fn range(
    index: &LineIndex,
    text: &str,
    start: usize,
    end: usize,
    encoding: Encoding,
) -> lsp::Range {
    lsp::Range {
        start: position(index.position(text, start, encoding)),
        end: position(index.position(text, end, encoding)),
    }
}

pub fn position(position: Position) -> lsp::Position {
    lsp::Position {
        line: position.line,
        character: position.column,
    }
}

pub fn from_lsp(position: lsp::Position) -> Position {
    Position {
        line: position.line,
        column: position.character,
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
        Severity::Info => DiagnosticSeverity::HINT,
    }
}

/// The comment syntax of a language, for suppression comments.
pub fn comment_prefix(language: Option<Language>) -> &'static str {
    match language {
        Some(Language::Python) | None => "#",
        Some(_) => "//",
    }
}

/// The edit that inserts `codeward-ignore[rule]` above the finding's line, indented alike.
fn suppression_edit(
    index: &LineIndex,
    text: &str,
    finding: &Finding,
    language: Option<Language>,
    encoding: Encoding,
) -> EditData {
    let line = finding.span.start.line as usize;
    let line_text = index.line_text(text, line);
    let indent: String = line_text
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let start = index.line_range(text, line).start;
    let at = position(index.position(text, start, encoding));
    EditData {
        range: lsp::Range { start: at, end: at },
        new_text: format!(
            "{indent}{}\n",
            suppress::comment_text(comment_prefix(language), &finding.rule.meta.id)
        ),
    }
}

/// The diagnostic of `finding` in `text`, the document `uri` at `version`.
pub fn diagnostic(
    uri: &Uri,
    version: Option<i32>,
    index: &LineIndex,
    text: &str,
    finding: &Finding,
    language: Option<Language>,
    encoding: Encoding,
) -> Diagnostic {
    let meta = &finding.rule.meta;
    let cwe = meta
        .cwe
        .first()
        .map(|cwe| format!(" (CWE-{cwe})"))
        .unwrap_or_default();
    let fixes = finding
        .fixes
        .iter()
        .map(|fix| FixData {
            title: fix.description.clone(),
            edits: fix
                .edits
                .iter()
                .map(|edit| EditData {
                    range: range(index, text, edit.start_byte, edit.end_byte, encoding),
                    new_text: edit.replacement.clone(),
                })
                .collect(),
        })
        .collect();
    let data = DiagnosticData {
        rule_id: meta.id.clone(),
        version,
        fingerprint: finding.fingerprint.clone(),
        fixes,
        suppress: suppression_edit(index, text, finding, language, encoding),
    };
    let related = |span: &crate::engine::Span, message: &str| {
        vec![DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: range(index, text, span.start_byte, span.end_byte, encoding),
            },
            message: message.to_owned(),
        }]
    };
    let related_information = match (&finding.source, &finding.sink) {
        (Some(source), _) => Some(related(source, "untrusted data enters here")),
        (None, Some(sink)) => Some(related(sink, "the value is used here")),
        (None, None) => None,
    };
    Diagnostic {
        range: range(
            index,
            text,
            finding.span.start_byte,
            finding.span.end_byte,
            encoding,
        ),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(meta.id.clone())),
        code_description: meta
            .remediation
            .url
            .parse::<Uri>()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("codeward".to_owned()),
        message: format!("{}{cwe}", finding.message),
        related_information,
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// The one informational diagnostic of a document too large to scan.
pub fn too_large(size: usize, limit: usize) -> Diagnostic {
    Diagnostic {
        range: lsp::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("file-too-large".to_owned())),
        source: Some("codeward".to_owned()),
        message: format!(
            "codeward did not scan this file: {size} bytes is over the limit of {limit} (maxFileSize)"
        ),
        ..Diagnostic::default()
    }
}
