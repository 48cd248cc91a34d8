//! `workspace/diagnostic` (workspace pull, LSP 3.17), offered to clients that pull: a full
//! report for each open document, the same items `textDocument/diagnostic` gives, with its
//! version; `unchanged` for one the client holds with the same diagnostics; an empty report,
//! once, for a document it holds that has been closed since.
//!
//! Files that are not open are not analysed here: the workspace is walked only on request
//! (`codeward.scanWorkspace`). Answered at once, never held open: clients ask again on
//! their own (VS Code about every two seconds), and an unchanged document costs no
//! analysis.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::analysis;
use crate::lsp::session::Session;

/// The result id of the empty report of a closed document.
const CLOSED: &str = "closed";

pub async fn handle(
    session: &Arc<Session>,
    params: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    let previous: HashMap<Uri, String> = params
        .previous_result_ids
        .into_iter()
        .map(|previous| (previous.uri, previous.value))
        .collect();
    let mut open: Vec<Uri> = session
        .documents
        .iter()
        .map(|document| document.key().clone())
        .collect();
    open.sort_by(|left, right| left.as_str().cmp(right.as_str()));
    let mut items = Vec::new();
    for uri in open {
        // `None`: closed meanwhile, or changing too fast to report.
        let Some(published) = analysis::current(session, &uri).await else {
            continue;
        };
        let result_id = result_id(&published.diagnostics);
        let version = Some(i64::from(published.version));
        if previous.get(&uri) == Some(&result_id) {
            items.push(WorkspaceDocumentDiagnosticReport::Unchanged(
                WorkspaceUnchangedDocumentDiagnosticReport {
                    uri,
                    version,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                },
            ));
        } else {
            items.push(full(uri, version, result_id, published.diagnostics));
        }
    }
    let mut closed: Vec<Uri> = previous
        .into_iter()
        .filter(|(uri, id)| id != CLOSED && !session.documents.contains_key(uri))
        .map(|(uri, _)| uri)
        .collect();
    closed.sort_by(|left, right| left.as_str().cmp(right.as_str()));
    for uri in closed {
        items.push(full(uri, None, CLOSED.to_owned(), Vec::new()));
    }
    Ok(WorkspaceDiagnosticReportResult::Report(
        WorkspaceDiagnosticReport { items },
    ))
}

/// Names the diagnostics by their content: two analyses with the same result (the one a
/// request computed and the one scheduled after the edit) give the same id. Each carries
/// its document version in `data`, so another version is another id.
fn result_id(diagnostics: &[Diagnostic]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn full(
    uri: Uri,
    version: Option<i64>,
    result_id: String,
    items: Vec<Diagnostic>,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: Some(result_id),
            items,
        },
    })
}
