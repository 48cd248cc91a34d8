//! Wire protocol v1: the only types that cross processes (sync client <-> store server).
//!
//! Plain serde data in camelCase with CodeGuru Security's field names, so its users can move
//! over. No IO, no validation beyond what serde checks, no knowledge of the engine, LSP or
//! storage: the store and the sync client each convert from and to their own types.
//! The one exception is `names`: the check on scan names and tags that both sides run, so
//! that the client refuses exactly what the store would.

pub mod names;

use serde::{Deserialize, Serialize};

/// A finished scan as the client sends it to `POST /v1/scans`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanRecord {
    /// The idempotency key: the same id with the same content replays, with other content
    /// conflicts.
    pub scan_id: String,
    pub scan_name: String,
    pub scope: Scope,
    pub tool: Tool,
    pub started_at: String,
    pub finished_at: String,
    #[serde(default)]
    pub metadata: ScanMetadata,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// What was scanned: findings that vanish from a later scan of the same scope are closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    pub repository: String,
    pub branch: String,
    #[serde(default)]
    pub commit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tool {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub ruleset_hash: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanMetadata {
    #[serde(default)]
    pub files_scanned: u64,
    #[serde(default)]
    pub lines_scanned: u64,
}

/// CodeGuru's severities, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
            Severity::Info => "Info",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FindingStatus {
    #[default]
    Open,
    Closed,
}

impl FindingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "Open",
            FindingStatus::Closed => "Closed",
        }
    }

    pub fn parse(text: &str) -> Option<FindingStatus> {
        match text {
            "Open" => Some(FindingStatus::Open),
            "Closed" => Some(FindingStatus::Closed),
            _ => None,
        }
    }
}

/// One finding, with CodeGuru Security's field names. `id` is the stable fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub severity: Severity,
    #[serde(default)]
    pub status: FindingStatus,
    #[serde(default)]
    pub detector_id: String,
    #[serde(default)]
    pub detector_name: String,
    #[serde(default)]
    pub detector_tags: Vec<String>,
    #[serde(default)]
    pub rule_id: String,
    #[serde(default)]
    pub remediation: Remediation,
    pub vulnerability: Vulnerability,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, rename = "type")]
    pub finding_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remediation {
    #[serde(default)]
    pub recommendation: Recommendation,
    #[serde(default)]
    pub suggested_fixes: Vec<SuggestedFix>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedFix {
    pub description: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vulnerability {
    pub file_path: FilePath,
    #[serde(default)]
    pub reference_urls: Vec<String>,
    #[serde(default)]
    pub related_vulnerabilities: Vec<String>,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub item_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilePath {
    pub path: String,
    pub name: String,
    pub start_line: u32,
    pub end_line: u32,
    #[serde(default)]
    pub code_snippet: Vec<CodeLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeLine {
    pub number: u32,
    pub content: String,
}

/// Whether `POST /v1/scans` stored the record now or had stored the same content before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CreateStatus {
    Created,
    Replayed,
}

/// The answer to `POST /v1/scans`: the client removes its outbox entry only when `scanId` and
/// `contentHash` (hex SHA-256 of the request body) match what it sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateScanResponse {
    pub scan_id: String,
    pub content_hash: String,
    pub status: CreateStatus,
}

/// A scan as listed by `GET /v1/scans` and `GET /v1/scans/{scanName}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanSummary {
    pub scan_id: String,
    pub scan_name: String,
    pub content_hash: String,
    pub created_at: String,
    pub finding_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListScansResponse {
    pub summaries: Vec<ScanSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetScanResponse {
    pub scan: ScanSummary,
    pub record: ScanRecord,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetFindingsResponse {
    pub findings: Vec<Finding>,
}

/// `POST /v1/findings/batch-get`: findings by scan name and finding id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetFindingsRequest {
    pub finding_identifiers: Vec<FindingIdentifier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingIdentifier {
    pub scan_name: String,
    pub finding_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetFindingsResponse {
    pub findings: Vec<Finding>,
    pub failed_findings: Vec<BatchGetFindingsError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchGetFindingsError {
    pub scan_name: String,
    pub finding_id: String,
    pub error_code: String,
    pub message: String,
}

/// `GET /v1/metrics/summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSummary {
    /// Open findings per severity, every severity present (zero included).
    pub open_findings: Vec<SeverityCount>,
    /// Mean seconds from first seen to closed over closed findings; `None` when none closed.
    pub mean_time_to_close_seconds: Option<f64>,
    pub closed_findings: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeverityCount {
    pub severity: Severity,
    pub count: u64,
}

/// `GET /v1/identity`: who the signature belongs to (the store's answer to `whoami`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerIdentity {
    pub access_key_id: String,
    pub tenant: String,
    pub role: String,
}

/// What the sync client uploads with `PUT /v1/scans/{scanId}/source` when the user opted in
/// (the store keeps the body as opaque bytes): the scanned files, repository-relative paths
/// as in the record's findings, with the secrets the client found masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceBundle {
    pub files: Vec<SourceFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceFile {
    pub path: String,
    pub content: String,
}

/// The answer to `PUT /v1/scans/{scanId}/source`: the upload is readable until `expiresAt`
/// (RFC 3339 UTC), at most the store's retention (10 days or fewer) after the upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceUploadResponse {
    pub scan_id: String,
    /// Hex SHA-256 of the uploaded bytes.
    pub content_hash: String,
    pub size_bytes: u64,
    pub expires_at: String,
}

/// `GET|PUT /v1/account/configuration` (CodeGuru's shape): which key wraps the account's data
/// keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountConfiguration {
    pub encryption_config: EncryptionConfig,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EncryptionConfig {
    /// The customer-managed key id; absent or null: keys owned by the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

/// Every error answer: `{"code": "...", "message": "..."}`; codes are stable, messages are
/// for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_uses_codeguru_field_names() {
        let finding = Finding {
            id: "f1".into(),
            title: "t".into(),
            description: "d".into(),
            severity: Severity::High,
            status: FindingStatus::Open,
            detector_id: "python/sql".into(),
            detector_name: "SQL injection".into(),
            detector_tags: vec!["cwe-89".into()],
            rule_id: "sql-injection".into(),
            remediation: Remediation {
                recommendation: Recommendation {
                    text: "use params".into(),
                    url: "u".into(),
                },
                suggested_fixes: vec![SuggestedFix {
                    description: "d".into(),
                    code: "c".into(),
                }],
            },
            vulnerability: Vulnerability {
                file_path: FilePath {
                    path: "a/b.py".into(),
                    name: "b.py".into(),
                    start_line: 3,
                    end_line: 4,
                    code_snippet: vec![CodeLine {
                        number: 3,
                        content: "x".into(),
                    }],
                },
                reference_urls: vec![],
                related_vulnerabilities: vec![],
                id: "v1".into(),
                item_count: 1,
            },
            created_at: None,
            updated_at: None,
            finding_type: "Vulnerability".into(),
        };
        let json = serde_json::to_string(&finding).expect("serializes");
        assert_eq!(
            json,
            r#"{"id":"f1","title":"t","description":"d","severity":"High","status":"Open","detectorId":"python/sql","detectorName":"SQL injection","detectorTags":["cwe-89"],"ruleId":"sql-injection","remediation":{"recommendation":{"text":"use params","url":"u"},"suggestedFixes":[{"description":"d","code":"c"}]},"vulnerability":{"filePath":{"path":"a/b.py","name":"b.py","startLine":3,"endLine":4,"codeSnippet":[{"number":3,"content":"x"}]},"referenceUrls":[],"relatedVulnerabilities":[],"id":"v1","itemCount":1},"type":"Vulnerability"}"#
        );
        let back: Finding = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, finding);
    }

    #[test]
    fn create_response_and_error_body_shapes() {
        let response = CreateScanResponse {
            scan_id: "s".into(),
            content_hash: "h".into(),
            status: CreateStatus::Replayed,
        };
        assert_eq!(
            serde_json::to_string(&response).expect("serializes"),
            r#"{"scanId":"s","contentHash":"h","status":"replayed"}"#
        );
        let error = ErrorBody {
            code: "Conflict".into(),
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_string(&error).expect("serializes"),
            r#"{"code":"Conflict","message":"m"}"#
        );
    }
}
