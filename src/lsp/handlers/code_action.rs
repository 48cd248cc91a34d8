//! `textDocument/codeAction`: the quick fix (preferred, offered only when the fixed text
//! parses and the finding is gone on a re-scan), "suppress on this line", "fix all of this
//! rule", and `source.fixAll.codeward`. Everything comes from the diagnostic's `data` and
//! the current text: no state is kept between requests. Nothing computed for a version the
//! document is no longer at is answered: diagnostics of another version, or a document
//! that changed while the actions were computed, get `ContentModified` (the client asks
//! again with the current diagnostics).

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use crate::engine::{self, CancelToken, Document as EngineDocument, Edit};
use crate::lang::Language;
use crate::lsp::convert::{self, DiagnosticData, EditData};
use crate::lsp::session::Session;
use crate::rules::RuleSet;
use crate::text::{Encoding, LineIndex};

pub const FIX_ALL: &str = "source.fixAll.codeward";

struct Snapshot {
    text: String,
    language: Option<Language>,
    path: String,
    encoding: Encoding,
    rules: Arc<RuleSet>,
}

pub async fn handle(
    session: &Arc<Session>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    // Awaited before the document is read: no map guard lives across an `.await`.
    let rules = Arc::clone(&session.project(&uri).await.rules);
    let (snapshot, generation) = {
        let Some(document) = session.documents.get(&uri) else {
            return Ok(None);
        };
        if let Some(stale) = params
            .context
            .diagnostics
            .iter()
            .filter_map(codeward_data)
            .find(|data| data.version != Some(document.version))
        {
            return Err(content_modified(format!(
                "codeward: a diagnostic of {} is from another version of the document than {}",
                stale.rule_id, document.version
            )));
        }
        let snapshot = Snapshot {
            text: document.text.text.clone(),
            language: document.language,
            path: document.path.clone(),
            encoding: session.encoding(),
            rules,
        };
        (snapshot, document.generation)
    };
    let worker_uri = uri.clone();
    let worker = tokio::task::spawn_blocking(move || actions(&snapshot, &worker_uri, &params));
    let actions = match worker.await {
        Ok(actions) => actions,
        Err(_) => {
            return Err(Error {
                code: ErrorCode::InternalError,
                message: "codeward: textDocument/codeAction failed with an internal error".into(),
                data: None,
            });
        }
    };
    let current = session
        .documents
        .get(&uri)
        .map(|document| document.generation);
    if current != Some(generation) {
        return Err(content_modified(
            "codeward: the document changed while its code actions were computed".to_owned(),
        ));
    }
    Ok(Some(actions))
}

/// The `data` of a codeward diagnostic.
fn codeward_data(diagnostic: &Diagnostic) -> Option<DiagnosticData> {
    if diagnostic.source.as_deref() != Some("codeward") {
        return None;
    }
    serde_json::from_value(diagnostic.data.clone()?).ok()
}

fn content_modified(message: String) -> Error {
    Error {
        code: ErrorCode::ContentModified,
        message: message.into(),
        data: None,
    }
}

fn actions(snapshot: &Snapshot, uri: &Uri, params: &CodeActionParams) -> CodeActionResponse {
    let only = params.context.only.as_ref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|kinds| {
            kinds
                .iter()
                .any(|wanted| kind.as_str().starts_with(wanted.as_str()))
        })
    };
    let index = LineIndex::new(&snapshot.text);
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        let mut offered_fix_all: Vec<String> = Vec::new();
        for diagnostic in &params.context.diagnostics {
            let Some(data) = codeward_data(diagnostic) else {
                continue;
            };
            let single = only_rule(&snapshot.rules, &data.rule_id);
            for fix in &data.fixes {
                let edits = to_engine_edits(&index, &snapshot.text, &fix.edits, snapshot.encoding);
                if fix_is_sound(snapshot, &single, &data.rule_id, &edits) {
                    actions.push(action(
                        &fix.title,
                        CodeActionKind::QUICKFIX,
                        Some(true),
                        vec![diagnostic.clone()],
                        uri,
                        fix.edits.iter().map(text_edit).collect(),
                    ));
                }
            }
            actions.push(action(
                &format!("Suppress {} on this line", data.rule_id),
                CodeActionKind::QUICKFIX,
                None,
                vec![diagnostic.clone()],
                uri,
                vec![text_edit(&data.suppress)],
            ));
            if !data.fixes.is_empty() && !offered_fix_all.contains(&data.rule_id) {
                let edits = all_fixes(snapshot, &single, &index);
                if edits.len() > 1 {
                    actions.push(action(
                        &format!("Fix all {} findings in this file", data.rule_id),
                        CodeActionKind::QUICKFIX,
                        None,
                        Vec::new(),
                        uri,
                        edits,
                    ));
                }
                offered_fix_all.push(data.rule_id.clone());
            }
        }
    }
    let fix_all_kind = CodeActionKind::new(FIX_ALL);
    if only.is_some_and(|kinds| {
        kinds
            .iter()
            .any(|kind| FIX_ALL.starts_with(kind.as_str()) && kind.as_str() != "")
    }) {
        let edits = all_fixes(snapshot, &snapshot.rules, &index);
        if !edits.is_empty() {
            actions.push(action(
                "Fix all codeward findings",
                fix_all_kind,
                None,
                Vec::new(),
                uri,
                edits,
            ));
        }
    }
    actions
}

fn only_rule(rules: &RuleSet, rule_id: &str) -> RuleSet {
    rules.configured(|rule| (rule.meta.id == rule_id).then(|| rule.clone()))
}

fn to_engine_edits(
    index: &LineIndex,
    text: &str,
    edits: &[EditData],
    encoding: Encoding,
) -> Vec<Edit> {
    edits
        .iter()
        .map(|edit| Edit {
            start_byte: index.offset(text, convert::from_lsp(edit.range.start), encoding),
            end_byte: index.offset(text, convert::from_lsp(edit.range.end), encoding),
            replacement: edit.new_text.clone(),
        })
        .collect()
}

/// A fix is offered only if the fixed text parses as well as the original and the rule no
/// longer reports anything where the fix was applied.
fn fix_is_sound(snapshot: &Snapshot, single: &RuleSet, rule_id: &str, edits: &[Edit]) -> bool {
    let fixed = engine::fix::apply(&snapshot.text, edits);
    if let Some(language) = snapshot.language {
        let parses = |text: &str| {
            engine::parse(language, text, None).is_some_and(|tree| !tree.root_node().has_error())
        };
        if parses(&snapshot.text) && !parses(&fixed) {
            return false;
        }
    }
    let document = EngineDocument {
        path: &snapshot.path,
        language: snapshot.language,
        text: &fixed,
    };
    let rescan = engine::scan(&document, single, &CancelToken::new());
    let Some(first) = edits.iter().map(|edit| edit.start_byte).min() else {
        return false;
    };
    let shift: isize = edits
        .iter()
        .map(|edit| edit.replacement.len() as isize - (edit.end_byte - edit.start_byte) as isize)
        .sum();
    let last = edits
        .iter()
        .map(|edit| edit.end_byte)
        .max()
        .unwrap_or(first)
        .saturating_add_signed(shift);
    !rescan.findings.iter().any(|finding| {
        finding.rule.meta.id == rule_id
            && finding.span.start_byte <= last
            && finding.span.end_byte >= first
    })
}

/// The first fix of every finding of `rules`, as non-overlapping edits.
fn all_fixes(snapshot: &Snapshot, rules: &RuleSet, index: &LineIndex) -> Vec<TextEdit> {
    let document = EngineDocument {
        path: &snapshot.path,
        language: snapshot.language,
        text: &snapshot.text,
    };
    let scan = engine::scan(&document, rules, &CancelToken::new());
    let mut edits: Vec<Edit> = scan
        .findings
        .iter()
        .filter_map(|finding| finding.fixes.first())
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|edit| (edit.start_byte, edit.end_byte));
    let mut kept: Vec<Edit> = Vec::new();
    for edit in edits {
        if kept
            .last()
            .is_none_or(|last| last.end_byte <= edit.start_byte)
        {
            kept.push(edit);
        }
    }
    kept.iter()
        .map(|edit| TextEdit {
            range: convert::range(
                index,
                &snapshot.text,
                edit.start_byte,
                edit.end_byte,
                snapshot.encoding,
            ),
            new_text: edit.replacement.clone(),
        })
        .collect()
}

fn text_edit(edit: &EditData) -> TextEdit {
    TextEdit {
        range: edit.range,
        new_text: edit.new_text.clone(),
    }
}

fn action(
    title: &str,
    kind: CodeActionKind,
    preferred: Option<bool>,
    diagnostics: Vec<Diagnostic>,
    uri: &Uri,
    edits: Vec<TextEdit>,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.to_owned(),
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred,
        ..CodeAction::default()
    })
}
