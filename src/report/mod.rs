//! Reports of a finished scan: the data every printer shares, and the text, JSON and
//! SARIF 2.1.0 printers.
//!
//! Positions in every report are one-based lines and one-based columns counted in UTF-16
//! code units (SARIF's default and the LSP's), converted once, here, through `text`, while
//! the file's text is at hand; a report holds no source text beyond the engine's snippets.
//! Paths are relative to the scan root and use `/`. Printers render to strings or writers:
//! no file IO, no terminal detection (the CLI decides colour and where output goes).

pub mod json;
pub mod sarif;
pub mod text;

use std::fmt;

use crate::engine::{EngineError, FileScan, Finding, UnusedSuppression};
use crate::rules::{RuleSet, Severity};
use crate::text::{Encoding, LineIndex};

/// A range with one-based lines and one-based UTF-16 columns; the end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Region {
    /// The region of `start..end` (byte offsets) in `text`.
    pub fn from_bytes(index: &LineIndex, text: &str, start: usize, end: usize) -> Region {
        let start = index.position(text, start, Encoding::Utf16);
        let end = index.position(text, end, Encoding::Utf16);
        Region {
            start_line: start.line + 1,
            start_column: start.column + 1,
            end_line: end.line + 1,
            end_column: end.column + 1,
        }
    }
}

/// One edit of a fix, in report positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEdit {
    pub region: Region,
    pub new_text: String,
}

/// A fix, in report positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFix {
    pub description: String,
    pub edits: Vec<ReportEdit>,
}

/// A finding with its positions converted for reports.
#[derive(Debug, Clone)]
pub struct ReportFinding {
    pub path: String,
    pub finding: Finding,
    pub region: Region,
    /// For taint findings: where the tainted value came from.
    pub source: Option<Region>,
    /// For taint findings reported at their source: where the value is used.
    pub sink: Option<Region>,
    pub fixes: Vec<ReportFix>,
}

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB.
    Binary,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Not UTF-8; `offset` is the first bad byte.
    InvalidUtf8 {
        offset: usize,
    },
    Unreadable(String),
}

impl SkipReason {
    /// The stable code used in JSON and SARIF.
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::InvalidUtf8 { .. } => "invalid-utf8",
            SkipReason::Unreadable(_) => "unreadable",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Binary => formatter.write_str("binary file"),
            SkipReason::TooLarge { size, limit } => write!(
                formatter,
                "file is {size} bytes, over the {limit}-byte limit (max-file-size)"
            ),
            SkipReason::InvalidUtf8 { offset } => {
                write!(formatter, "not valid UTF-8 (byte {offset})")
            }
            SkipReason::Unreadable(error) => write!(formatter, "cannot read: {error}"),
        }
    }
}

/// A file that was found but not scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

/// What scanning one file left for the report.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    pub lines: usize,
    /// Findings at or above the threshold, in file order.
    pub findings: Vec<ReportFinding>,
    pub errors: Vec<EngineError>,
    /// With one-based lines (the engine's are zero-based).
    pub unused_suppressions: Vec<UnusedSuppression>,
    pub suppressed: usize,
    /// Findings left out because the file is test code (see `testcode`).
    pub test_code_left_out: usize,
}

impl FileReport {
    /// Converts the engine's result for `text`; findings below `min_severity` are dropped.
    pub fn new(path: &str, text: &str, scan: FileScan, min_severity: Severity) -> FileReport {
        let index = LineIndex::new(text);
        let findings = scan
            .findings
            .into_iter()
            .filter(|finding| finding.severity >= min_severity)
            .map(|finding| {
                let region =
                    |start: usize, end: usize| Region::from_bytes(&index, text, start, end);
                let fixes = finding
                    .fixes
                    .iter()
                    .map(|fix| ReportFix {
                        description: fix.description.clone(),
                        edits: fix
                            .edits
                            .iter()
                            .map(|edit| ReportEdit {
                                region: region(edit.start_byte, edit.end_byte),
                                new_text: edit.replacement.clone(),
                            })
                            .collect(),
                    })
                    .collect();
                ReportFinding {
                    path: path.to_owned(),
                    region: region(finding.span.start_byte, finding.span.end_byte),
                    source: finding
                        .source
                        .map(|source| region(source.start_byte, source.end_byte)),
                    sink: finding
                        .sink
                        .map(|sink| region(sink.start_byte, sink.end_byte)),
                    fixes,
                    finding,
                }
            })
            .collect();
        FileReport {
            path: path.to_owned(),
            lines: index.line_count(),
            findings,
            errors: scan.errors,
            unused_suppressions: scan
                .unused_suppressions
                .into_iter()
                .map(|unused| UnusedSuppression {
                    line: unused.line + 1,
                    rule_id: unused.rule_id,
                })
                .collect(),
            suppressed: scan.suppressed,
            test_code_left_out: 0,
        }
    }
}

/// A finished scan, ready to print.
#[derive(Debug, Clone)]
pub struct Report {
    pub scan_name: Option<String>,
    /// The rules that ran (SARIF lists them).
    pub rules: RuleSet,
    /// `file:///.../` of the scan root, for SARIF's `originalUriBaseIds`.
    pub root_uri: Option<String>,
    pub min_severity: Severity,
    /// Scanned files, sorted by path.
    pub files: Vec<FileReport>,
    /// Skipped files, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// Counts for the summary line and the `summary` objects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_skipped: usize,
    pub lines_scanned: usize,
    pub findings: usize,
    /// Indexed by `Severity as usize`: info, low, medium, high, critical.
    pub by_severity: [usize; 5],
    pub suppressed: usize,
    pub errors: usize,
    pub unused_suppressions: usize,
    /// Findings left out because they are in test code.
    pub test_code_left_out: usize,
}

impl Report {
    pub fn findings(&self) -> impl Iterator<Item = &ReportFinding> {
        self.files.iter().flat_map(|file| file.findings.iter())
    }

    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files_scanned: self.files.len(),
            files_skipped: self.skipped.len(),
            ..Summary::default()
        };
        for file in &self.files {
            summary.lines_scanned += file.lines;
            summary.findings += file.findings.len();
            summary.suppressed += file.suppressed;
            summary.errors += file.errors.len();
            summary.unused_suppressions += file.unused_suppressions.len();
            summary.test_code_left_out += file.test_code_left_out;
            for finding in &file.findings {
                summary.by_severity[finding.finding.severity as usize] += 1;
            }
        }
        summary
    }

    /// The hash of the rule set that ran.
    pub fn ruleset_hash(&self) -> String {
        self.rules.fingerprint()
    }
}

/// Severities from most to least severe, for printing counts.
pub const SEVERITIES_DESCENDING: [Severity; 5] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::Info,
];

/// `1 finding` / `2 findings`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
