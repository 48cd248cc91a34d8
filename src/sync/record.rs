//! A finished scan (`report::Report`) -> a scan record (`protocol::ScanRecord`) with CodeGuru
//! Security's field names.
//!
//! Paths become repository-relative; finding ids are the engine's stable fingerprints; every
//! text that carries code (snippets, messages, fixes) is passed through the secret rules once
//! more and what they find is masked, on top of the engine's own redaction. The scope
//! (repository, branch, commit) is read from `.git` without running git, or from
//! `CODEWARD_REPOSITORY`, `CODEWARD_BRANCH` and `CODEWARD_COMMIT`. Reads files; no network.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::engine::{self, CancelToken, Document};
use crate::protocol::{
    CodeLine, FilePath, Finding, FindingStatus, Recommendation, Remediation, ScanMetadata,
    ScanRecord, Scope, Severity, SourceBundle, SourceFile, SuggestedFix, Tool, Vulnerability,
};
use crate::report::{Report, ReportFinding};
use crate::rules::{self, RuleSet};

/// What a record is made from besides the report.
#[derive(Debug)]
pub struct RecordInput<'a> {
    pub report: &'a Report,
    /// The folder the report's paths are relative to.
    pub scan_root: &'a Path,
    /// Defaults to `REPOSITORY:BRANCH`.
    pub scan_name: Option<&'a str>,
    pub tags: &'a [String],
    pub started_at: SystemTime,
    pub finished_at: SystemTime,
}

/// The scan root's path inside its repository (`""` at the repository root or outside one).
fn repository_prefix(repository: Option<&Repository>, scan_root: &Path) -> String {
    repository
        .and_then(|repository| {
            let root = std::fs::canonicalize(scan_root).ok()?;
            root.strip_prefix(&repository.root).ok().map(path_text)
        })
        .unwrap_or_default()
}

/// The opted-in source upload of a report: each scanned file read from `scan_root`, under the
/// same repository-relative path as its findings, with what the secret rules find masked
/// (data contract item 7: secrets found in code never leave the machine). A file that can no
/// longer be read is left out. The JSON body of `PUT /v1/scans/{scanId}/source`.
pub fn source_bundle(report: &Report, scan_root: &Path) -> Vec<u8> {
    let prefix = repository_prefix(find_repository(scan_root).as_ref(), scan_root);
    let files = report
        .files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(scan_root.join(&file.path)).ok()?;
            Some(SourceFile {
                path: join(&prefix, &file.path),
                content: redact(&text, &report.rules),
            })
        })
        .collect();
    serde_json::to_vec(&SourceBundle { files }).unwrap_or_default()
}

/// Builds the record; refuses names and tags with e-mail addresses or secrets.
pub fn build(input: &RecordInput<'_>) -> Result<ScanRecord, String> {
    let repository = find_repository(input.scan_root);
    let scope = scope(repository.as_ref());
    let prefix = repository_prefix(repository.as_ref(), input.scan_root);
    let scan_name = input
        .scan_name
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{}:{}", scope.repository, scope.branch));
    let rules = &input.report.rules;
    super::names::check_name_and_tags(&scan_name, input.tags, rules)?;
    let findings = input
        .report
        .findings()
        .map(|finding| convert(finding, &prefix, rules))
        .collect();
    let summary = input.report.summary();
    Ok(ScanRecord {
        scan_id: new_record_id(),
        scan_name,
        scope,
        tool: Tool {
            name: "codeward".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            ruleset_hash: rules.fingerprint(),
        },
        started_at: rfc3339(input.started_at),
        finished_at: rfc3339(input.finished_at),
        metadata: ScanMetadata {
            files_scanned: summary.files_scanned as u64,
            lines_scanned: summary.lines_scanned as u64,
        },
        tags: input.tags.to_vec(),
        findings,
    })
}

/// 128 random bits in hex: the scan id and the idempotency key.
pub fn new_record_id() -> String {
    let mut bytes = [0u8; 16];
    aes_gcm::aead::rand_core::RngCore::fill_bytes(&mut aes_gcm::aead::OsRng, &mut bytes);
    hex::encode(bytes)
}

fn path_text(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_owned()
    } else {
        format!("{prefix}/{path}")
    }
}

fn severity(severity: rules::Severity) -> Severity {
    match severity {
        rules::Severity::Critical => Severity::Critical,
        rules::Severity::High => Severity::High,
        rules::Severity::Medium => Severity::Medium,
        rules::Severity::Low => Severity::Low,
        rules::Severity::Info => Severity::Info,
    }
}

/// Masks what the secret rules find in `text`.
pub fn redact(text: &str, rules: &RuleSet) -> String {
    let document = Document {
        path: "<record>",
        language: None,
        text,
    };
    let mut spans: Vec<(usize, usize)> = engine::scan(&document, rules, &CancelToken::new())
        .findings
        .iter()
        .filter(|finding| matches!(finding.rule.kind, rules::RuleKind::Secret(_)))
        .map(|finding| (finding.span.start_byte, finding.span.end_byte))
        .collect();
    spans.sort_unstable();
    let mut redacted = String::with_capacity(text.len());
    let mut done = 0;
    for (start, end) in spans {
        if start < done {
            continue;
        }
        redacted.push_str(&text[done..start]);
        redacted.push_str(&engine::secrets::redact(&text[start..end]));
        done = end;
    }
    redacted.push_str(&text[done..]);
    redacted
}

fn convert(found: &ReportFinding, prefix: &str, rules: &RuleSet) -> Finding {
    let meta = &found.finding.rule.meta;
    let path = join(prefix, &found.path);
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
    let cwes: Vec<String> = meta.cwe.iter().map(|cwe| format!("CWE-{cwe}")).collect();
    let mut tags: Vec<String> = meta.cwe.iter().map(|cwe| format!("cwe-{cwe}")).collect();
    tags.extend(meta.owasp.iter().cloned());
    if !meta.category.is_empty() {
        tags.push(meta.category.clone());
    }
    Finding {
        id: found.finding.fingerprint.clone(),
        title: redact(&meta.message, rules),
        description: redact(
            meta.description
                .as_deref()
                .unwrap_or(&found.finding.message),
            rules,
        ),
        severity: severity(found.finding.severity),
        status: FindingStatus::Open,
        detector_id: format!("codeward/{}", meta.id),
        detector_name: meta.id.clone(),
        detector_tags: tags,
        rule_id: meta.id.clone(),
        remediation: Remediation {
            recommendation: Recommendation {
                text: redact(&meta.remediation.text, rules),
                url: meta.remediation.url.clone(),
            },
            suggested_fixes: found
                .fixes
                .iter()
                .map(|fix| SuggestedFix {
                    description: redact(&fix.description, rules),
                    code: redact(
                        &fix.edits
                            .iter()
                            .map(|edit| edit.new_text.as_str())
                            .collect::<Vec<_>>()
                            .join("\n"),
                        rules,
                    ),
                })
                .collect(),
        },
        vulnerability: Vulnerability {
            file_path: FilePath {
                path,
                name,
                start_line: found.region.start_line,
                end_line: found.region.end_line,
                code_snippet: found
                    .finding
                    .snippet
                    .iter()
                    .map(|(number, content)| CodeLine {
                        number: *number,
                        content: redact(content, rules),
                    })
                    .collect(),
            },
            reference_urls: meta.references.clone(),
            related_vulnerabilities: cwes,
            id: found.finding.fingerprint.clone(),
            item_count: 1,
        },
        created_at: None,
        updated_at: None,
        finding_type: "Vulnerability".into(),
    }
}

/// `2025-12-01T10:20:30Z`.
pub fn rfc3339(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    crate::store::clock::format_rfc3339(i64::try_from(seconds).unwrap_or(i64::MAX))
}

/// A git work tree: its root, and where HEAD and the refs live.
#[derive(Debug)]
struct Repository {
    root: PathBuf,
    git_dir: PathBuf,
    common_dir: PathBuf,
}

fn find_repository(start: &Path) -> Option<Repository> {
    let start = std::fs::canonicalize(start).ok()?;
    for folder in start.ancestors() {
        let dot_git = folder.join(".git");
        let git_dir = if dot_git.is_dir() {
            dot_git
        } else if dot_git.is_file() {
            // A linked work tree: `gitdir: PATH`.
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
            if target.is_absolute() {
                target
            } else {
                folder.join(target)
            }
        } else {
            continue;
        };
        let common_dir = std::fs::read_to_string(git_dir.join("commondir"))
            .ok()
            .map(|text| {
                let path = PathBuf::from(text.trim());
                if path.is_absolute() {
                    path
                } else {
                    git_dir.join(path)
                }
            })
            .unwrap_or_else(|| git_dir.clone());
        return Some(Repository {
            root: folder.to_owned(),
            git_dir,
            common_dir,
        });
    }
    None
}

fn environment(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

fn scope(repository: Option<&Repository>) -> Scope {
    let head = repository
        .and_then(|repository| std::fs::read_to_string(repository.git_dir.join("HEAD")).ok());
    let head = head.as_deref().map(str::trim);
    let branch_ref = head
        .and_then(|head| head.strip_prefix("ref:"))
        .map(str::trim);
    let branch = branch_ref
        .map(|reference| {
            reference
                .strip_prefix("refs/heads/")
                .unwrap_or(reference)
                .to_owned()
        })
        .unwrap_or_else(|| "HEAD".into());
    let commit = match (repository, branch_ref, head) {
        (Some(repository), Some(reference), _) => resolve_ref(repository, reference),
        (_, None, Some(head)) if head.len() >= 40 => Some(head.to_owned()),
        _ => None,
    };
    let repository_name = repository.map(|repository| {
        remote_name(&repository.common_dir).unwrap_or_else(|| {
            repository.root.file_name().map_or_else(
                || "local".into(),
                |name| name.to_string_lossy().into_owned(),
            )
        })
    });
    Scope {
        repository: environment("CODEWARD_REPOSITORY")
            .or(repository_name)
            .unwrap_or_else(|| "local".into()),
        branch: environment("CODEWARD_BRANCH").unwrap_or(branch),
        commit: environment("CODEWARD_COMMIT")
            .or(commit)
            .unwrap_or_default(),
    }
}

fn resolve_ref(repository: &Repository, reference: &str) -> Option<String> {
    for folder in [&repository.git_dir, &repository.common_dir] {
        if let Ok(text) = std::fs::read_to_string(folder.join(reference)) {
            return Some(text.trim().to_owned());
        }
    }
    let packed = std::fs::read_to_string(repository.common_dir.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (commit, name) = line.split_once(' ')?;
        (name == reference).then(|| commit.to_owned())
    })
}

/// `host/owner/name` of the `origin` remote, with any credentials in its URL dropped.
fn remote_name(common_dir: &Path) -> Option<String> {
    let config = std::fs::read_to_string(common_dir.join("config")).ok()?;
    let mut in_origin = false;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = line == "[remote \"origin\"]";
        } else if in_origin && let Some(url) = line.strip_prefix("url") {
            return Some(normalise_remote(url.trim_start().strip_prefix('=')?.trim()));
        }
    }
    None
}

/// `https://user:token@github.com/acme/app.git` and `git@github.com:acme/app.git` both become
/// `github.com/acme/app`.
pub fn normalise_remote(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let without_user = without_scheme
        .split_once('@')
        .filter(|(user, _)| !user.contains('/'))
        .map_or(without_scheme, |(_, rest)| rest);
    let scp_style = !url.contains("://");
    let text = if scp_style {
        without_user.replacen(':', "/", 1)
    } else {
        without_user.to_owned()
    };
    text.trim_end_matches('/')
        .trim_end_matches(".git")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes_lose_credentials_and_suffixes() {
        for (url, expected) in [
            (
                "https://user:ghp_token123@github.com/acme/app.git",
                "github.com/acme/app",
            ),
            ("git@github.com:acme/app.git", "github.com/acme/app"),
            (
                "ssh://git@gitlab.example:2222/team/app",
                "gitlab.example:2222/team/app",
            ),
            ("https://github.com/acme/app/", "github.com/acme/app"),
        ] {
            assert_eq!(normalise_remote(url), expected, "{url}");
        }
    }

    #[test]
    fn times_are_rfc3339_utc() {
        let at = |seconds| SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        assert_eq!(rfc3339(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(at(1_760_000_000)), "2025-10-09T08:53:20Z");
        assert_eq!(rfc3339(at(951_782_400)), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn secrets_in_texts_are_masked() {
        let (rules, _) = crate::rules::builtin();
        let text = "aws_secret_access_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY\"";
        let redacted = redact(text, &rules);
        assert!(!redacted.contains("K7MDENG"), "{redacted}");
        assert_eq!(redact("query = 'SELECT 1'", &rules), "query = 'SELECT 1'");
    }
}
