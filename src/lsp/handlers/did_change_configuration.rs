//! `workspace/didChangeConfiguration` and `workspace/didChangeWatchedFiles`: new settings
//! or changed rule files recompile the rules and re-analyse open documents. A bad rule file
//! gets one `window/showMessage`; the other rules keep working.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::lsp::analysis;
use crate::lsp::session::Session;
use crate::lsp::settings::Settings;
use crate::rules::RuleError;

pub async fn handle(session: &Arc<Session>, params: DidChangeConfigurationParams) {
    match Settings::from_json(&params.settings) {
        Ok(settings) => {
            let errors = session.set_settings(settings);
            report_rule_errors(session, &errors).await;
            reanalyse_all(session);
        }
        Err(error) => {
            session
                .client
                .show_message(
                    MessageType::ERROR,
                    format!("codeward: settings not applied: {error}"),
                )
                .await;
        }
    }
}

pub async fn watched_files(session: &Arc<Session>, params: DidChangeWatchedFilesParams) {
    let touches_rules = params.changes.iter().any(|change| {
        let path = change.uri.as_str();
        path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".codeward.toml")
    });
    if !touches_rules {
        return;
    }
    let errors = session.reload_rules();
    report_rule_errors(session, &errors).await;
    reanalyse_all(session);
}

/// One message for all rule files that failed to load.
pub async fn report_rule_errors(session: &Session, errors: &[RuleError]) {
    if errors.is_empty() {
        return;
    }
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    session
        .client
        .show_message(
            MessageType::ERROR,
            format!(
                "codeward: {} rule file(s) not loaded; the other rules still run.\n{}",
                errors.len(),
                lines.join("\n")
            ),
        )
        .await;
}

fn reanalyse_all(session: &Arc<Session>) {
    let uris: Vec<Uri> = session
        .documents
        .iter_mut()
        .map(|mut entry| {
            analysis::bump(&mut entry);
            // Findings of the old rules must not be carried into the next quick analysis.
            entry.baseline = None;
            entry.key().clone()
        })
        .collect();
    for uri in uris {
        analysis::schedule(session, uri);
    }
    session.refresh_diagnostics();
}
