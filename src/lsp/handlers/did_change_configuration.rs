//! `workspace/didChangeConfiguration` and `workspace/didChangeWatchedFiles`: new editor
//! settings, a changed `.codeward.toml` or a changed rule file put a new configuration in
//! force (`lsp::projects` loads it again) and re-analyse the open documents. Bad settings
//! are refused with one `window/showMessage`, the settings in force staying; a bad config
//! or rule file is reported where it is loaded.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::lsp::analysis;
use crate::lsp::session::Session;
use crate::lsp::settings::EditorSettings;
use crate::rules::RuleError;

pub async fn handle(session: &Arc<Session>, params: DidChangeConfigurationParams) {
    match EditorSettings::from_json(&params.settings) {
        Ok(read) => {
            // In force before the first `.await`, so that notifications after this one
            // (a save, an edit) see the new settings.
            session.set_editor(read.settings);
            reanalyse_all(session);
            for key in &read.unknown {
                session
                    .client
                    .log_message(
                        MessageType::WARNING,
                        format!("codeward: unknown setting `{key}` ignored"),
                    )
                    .await;
            }
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

pub fn watched_files(session: &Arc<Session>, params: &DidChangeWatchedFilesParams) {
    let ends_with = |suffixes: &[&str]| {
        params.changes.iter().any(|change| {
            let path = change.uri.as_str();
            suffixes.iter().any(|suffix| path.ends_with(suffix))
        })
    };
    let rule_files = ends_with(&[".yaml", ".yml"]);
    if !rule_files && !ends_with(&[crate::config::FILE_NAME]) {
        return;
    }
    session.projects.invalidate(rule_files);
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
            // Findings of the old configuration must not be carried into the next quick
            // analysis.
            entry.baseline = None;
            entry.key().clone()
        })
        .collect();
    for uri in uris {
        analysis::schedule(session, uri);
    }
    session.refresh_diagnostics();
}
