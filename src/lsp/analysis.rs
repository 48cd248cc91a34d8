//! Analysis off the async runtime: debounce per document, parse incrementally and scan on
//! a blocking worker, and keep the result only if the document has not moved on since.
//! A stale result is never kept here, and never pushed (`lsp::publish` checks again as it
//! queues the push).

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::convert::{self, Published};
use super::document::{Baseline, EditRecord};
use super::projects::Project;
use super::publish;
use super::regions;
use super::session::Session;
use crate::engine::{self, CancelToken, Document as EngineDocument};
use crate::text::LineIndex;

/// Schedules an analysis of `uri` after the debounce; a newer edit supersedes it.
pub fn schedule(session: &Arc<Session>, uri: Uri) {
    let Some(generation) = session
        .documents
        .get(&uri)
        .map(|document| document.generation)
    else {
        return;
    };
    let session = Arc::clone(session);
    tokio::spawn(async move {
        let debounce = session.editor().debounce_ms;
        if debounce > 0 {
            tokio::time::sleep(Duration::from_millis(debounce)).await;
        }
        if current_generation(&session, &uri) != Some(generation) {
            return;
        }
        if analyze(&session, &uri, generation).await.is_some() {
            publish::latest(&session, &uri, generation);
        }
    });
}

fn current_generation(session: &Session, uri: &Uri) -> Option<u64> {
    session
        .documents
        .get(uri)
        .map(|document| document.generation)
}

/// The current analysis of a document, computing it if the cached one is stale. `None` if
/// the document is closed or keeps changing.
pub async fn current(session: &Arc<Session>, uri: &Uri) -> Option<Published> {
    for _ in 0..5 {
        let (generation, cached) = {
            let document = session.documents.get(uri)?;
            (document.generation, document.published.clone())
        };
        if let Some(cached) = cached
            && cached.generation == generation
        {
            return Some(cached);
        }
        if let Some(published) = analyze(session, uri, generation).await {
            return Some(published);
        }
    }
    None
}

/// What an analysis needs of a document, taken under its lock.
struct Snapshot {
    text: Arc<crate::text::IndexedText>,
    tree: Option<tree_sitter::Tree>,
    language: Option<crate::lang::Language>,
    version: i32,
    cancel: CancelToken,
    path: String,
    baseline: Option<Baseline>,
    /// Edits since the baseline, oldest first.
    edits: Vec<EditRecord>,
}

fn snapshot(session: &Session, uri: &Uri, generation: u64) -> Option<Snapshot> {
    let document = session.documents.get(uri)?;
    if document.generation != generation {
        return None;
    }
    let baseline = document.baseline.clone();
    let edits = match &baseline {
        Some(baseline) => document
            .edits
            .iter()
            .filter(|edit| edit.generation > baseline.generation)
            .copied()
            .collect(),
        None => Vec::new(),
    };
    Some(Snapshot {
        text: Arc::clone(&document.text),
        tree: document.tree.clone(),
        language: document.language,
        version: document.version,
        cancel: document.cancel.clone(),
        path: document.path.clone(),
        baseline,
        edits,
    })
}

/// Analyses the document as of `generation` on a blocking worker. After an edit of a file
/// analysed before, only the definitions edited since the last analysis are parsed and
/// scanned and the result is merged with the earlier findings elsewhere, so a keystroke
/// costs what the definition costs; once the edits pause, the whole file is analysed
/// behind it (file-level and cross-function flows included) and sent again if it differs.
pub async fn analyze(session: &Arc<Session>, uri: &Uri, generation: u64) -> Option<Published> {
    let project = session.project(uri).await;
    let snapshot = snapshot(session, uri, generation)?;
    let context = Context::new(session, uri, &snapshot, project);
    let snapshot = if snapshot.baseline.is_some() && !snapshot.edits.is_empty() {
        let quick_context = context.clone();
        let worker = tokio::task::spawn_blocking(move || {
            let result = quick_scan(&snapshot, &quick_context);
            (snapshot, result)
        });
        let (snapshot, quick) = match worker.await {
            Ok(result) => result,
            Err(error) => {
                tracing_error(session, uri, &error.to_string()).await;
                return None;
            }
        };
        if let Some((diagnostics, findings)) = quick {
            let published = Published::new(
                snapshot.version,
                generation,
                diagnostics,
                Arc::new(findings),
            );
            let catch_up = {
                let mut document = session.documents.get_mut(uri)?;
                if document.generation != generation {
                    return None;
                }
                document.published = Some(published.clone());
                // The next edit is merged into this result, so a burst of edits in many
                // places costs each edit its own definition, not all edited so far.
                document.baseline = Some(Baseline {
                    generation,
                    findings: Arc::clone(&published.findings),
                    whole: false,
                });
                document.edits.retain(|edit| edit.generation > generation);
                !std::mem::replace(&mut document.catching_up, true)
            };
            if catch_up {
                tokio::spawn(catch_up_loop(Arc::clone(session), uri.clone()));
            }
            return Some(published);
        }
        snapshot
    } else {
        snapshot
    };
    full_analysis(session, uri, generation, snapshot, context).await
}

/// How long a document must go unedited before the whole-file analysis behind the quick
/// ones starts: while the user types, it would only compete with the quick analyses for
/// the CPU and be cancelled by the next keystroke.
const CATCH_UP_IDLE: Duration = Duration::from_millis(200);

/// Whole-file analyses behind the quick ones, one at a time and only once the document has
/// gone unedited for [`CATCH_UP_IDLE`], until one completes for the newest generation;
/// sends its result if it differs from the quick one.
async fn catch_up_loop(session: Arc<Session>, uri: Uri) {
    loop {
        let Some(before) = current_generation(&session, &uri) else {
            return;
        };
        tokio::time::sleep(CATCH_UP_IDLE).await;
        if current_generation(&session, &uri) != Some(before) {
            continue;
        }
        let (generation, earlier) = {
            let Some(mut document) = session.documents.get_mut(&uri) else {
                return;
            };
            let generation = document.generation;
            let settled = document
                .baseline
                .as_ref()
                .is_some_and(|baseline| baseline.whole && baseline.generation == generation);
            if settled {
                document.catching_up = false;
                return;
            }
            let earlier = document
                .published
                .as_ref()
                .filter(|published| published.generation == generation)
                .map(|published| published.diagnostics.clone());
            (generation, earlier)
        };
        // Taken again each time: the configuration may have changed since the edit.
        let project = session.project(&uri).await;
        let Some(snapshot) = snapshot(&session, &uri, generation) else {
            continue;
        };
        let context = Context::new(&session, &uri, &snapshot, project);
        let Some(full) = full_analysis(&session, &uri, generation, snapshot, context).await else {
            let mut document = session.documents.get_mut(&uri);
            if let Some(document) = document.as_mut()
                && document.generation == generation
            {
                // Failed for this very generation (logged): leave it to the next edit.
                document.catching_up = false;
                return;
            }
            continue;
        };
        if earlier.is_some_and(|earlier| earlier == full.diagnostics) {
            continue;
        }
        if session.pulls() {
            session.refresh_diagnostics();
        } else {
            publish::latest(&session, &uri, full.generation);
        }
    }
}

/// What both kinds of analysis share.
#[derive(Clone)]
struct Context {
    uri: Uri,
    rules: Arc<crate::rules::RuleSet>,
    /// The configuration in force: which findings are shown (severity, test code).
    project: Arc<Project>,
    /// The document as `codeward scan` in the project's root names it.
    name: String,
    /// The project's `ignore` globs leave the document out: it gets no findings.
    ignored: bool,
    max_file_size: usize,
    encoding: crate::text::Encoding,
}

impl Context {
    fn new(session: &Session, uri: &Uri, snapshot: &Snapshot, project: Arc<Project>) -> Context {
        let name = match uri.to_file_path() {
            Some(path) => project.name_of(&path),
            None => snapshot
                .path
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        };
        Context {
            uri: uri.clone(),
            rules: Arc::clone(&project.rules),
            ignored: project.ignores(&name),
            max_file_size: usize::try_from(project.config.file_size_limit()).unwrap_or(usize::MAX),
            name,
            project,
            encoding: session.encoding(),
        }
    }

    /// Whether a finding is shown, by the CLI's policy.
    fn keeps(&self, finding: &engine::Finding) -> bool {
        self.project.keeps(&self.name, finding)
    }
}

/// Parses (reusing the edited tree) and scans the whole document; keeps the result as the
/// baseline of later edits if the document has not moved on.
async fn full_analysis(
    session: &Arc<Session>,
    uri: &Uri,
    generation: u64,
    snapshot: Snapshot,
    context: Context,
) -> Option<Published> {
    let version = snapshot.version;
    let worker = tokio::task::spawn_blocking(move || full_scan(snapshot, &context));
    let (tree, diagnostics, findings) = match worker.await {
        Ok(result) => result,
        Err(error) => {
            tracing_error(session, uri, &error.to_string()).await;
            return None;
        }
    };
    let findings = Arc::new(findings);
    let published = Published::new(version, generation, diagnostics, Arc::clone(&findings));
    let mut document = session.documents.get_mut(uri)?;
    if document.generation != generation {
        return None;
    }
    if tree.is_some() {
        document.tree = tree;
    }
    document.published = Some(published.clone());
    document.baseline = Some(Baseline {
        generation,
        findings,
        whole: true,
    });
    document.edits.retain(|edit| edit.generation > generation);
    Some(published)
}

type Scanned = (
    Option<tree_sitter::Tree>,
    Vec<Diagnostic>,
    Vec<engine::Finding>,
);

fn full_scan(snapshot: Snapshot, context: &Context) -> Scanned {
    if context.ignored {
        return (None, Vec::new(), Vec::new());
    }
    let size = snapshot.text.text.len();
    if size > context.max_file_size {
        return (
            None,
            vec![convert::too_large(size, context.max_file_size)],
            Vec::new(),
        );
    }
    let text = &snapshot.text.text;
    if text.as_bytes().contains(&0) {
        return (None, Vec::new(), Vec::new());
    }
    let tree = snapshot
        .language
        .and_then(|language| engine::parse(language, text, snapshot.tree.as_ref()));
    let document = EngineDocument {
        path: &snapshot.path,
        language: snapshot.language,
        text,
    };
    let scan = engine::scan_tree(&document, tree.as_ref(), &context.rules, &snapshot.cancel);
    let findings: Vec<engine::Finding> = scan
        .findings
        .into_iter()
        .filter(|finding| context.keeps(finding))
        .collect();
    let diagnostics = diagnostics(
        context,
        snapshot.version,
        &snapshot.text.index,
        text,
        snapshot.language,
        &findings,
    );
    (tree, diagnostics, findings)
}

fn diagnostics(
    context: &Context,
    version: i32,
    index: &LineIndex,
    text: &str,
    language: Option<crate::lang::Language>,
    findings: &[engine::Finding],
) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|finding| {
            convert::diagnostic(
                &context.uri,
                Some(version),
                index,
                text,
                finding,
                language,
                context.encoding,
            )
        })
        .collect()
}

/// The edited definitions alone (see [`regions::plan`]), merged with the baseline's
/// findings elsewhere.
/// `None` when that would not be cheaper than the whole file (or cannot be done).
fn quick_scan(
    snapshot: &Snapshot,
    context: &Context,
) -> Option<(Vec<Diagnostic>, Vec<engine::Finding>)> {
    let language = snapshot.language?;
    let edited_tree = snapshot.tree.as_ref()?;
    let baseline = snapshot.baseline.as_ref()?;
    let (text, index) = (&snapshot.text.text, &snapshot.text.index);
    if text.len() > context.max_file_size || context.ignored {
        return None;
    }
    let regions::Plan { regions, parsed } =
        regions::plan(language, edited_tree, text, &snapshot.edits)?;
    let region_tree = engine::parse_ranges(language, text, index, &parsed)?;
    let document = EngineDocument {
        path: &snapshot.path,
        language: Some(language),
        text,
    };
    let scan = engine::scan_region(
        &document,
        Some(&region_tree),
        &context.rules,
        &snapshot.cancel,
        index,
        &regions,
    );
    if scan.cancelled {
        return None;
    }
    let mut findings: Vec<engine::Finding> = baseline
        .findings
        .iter()
        .filter_map(|finding| carry_over(finding, &snapshot.edits, index, text, &regions))
        .collect();
    findings.extend(
        scan.findings
            .into_iter()
            .filter(|finding| context.keeps(finding)),
    );
    findings.sort_by_key(|finding| (finding.span.start_byte, finding.span.end_byte));
    let diagnostics = diagnostics(
        context,
        snapshot.version,
        index,
        text,
        Some(language),
        &findings,
    );
    Some((diagnostics, findings))
}

/// A baseline finding moved through the edits, or `None` if an edit touched it or it lies
/// in the re-scanned region.
fn carry_over(
    finding: &engine::Finding,
    edits: &[EditRecord],
    index: &LineIndex,
    text: &str,
    regions: &[std::ops::Range<usize>],
) -> Option<engine::Finding> {
    let map_range = |(start, end): (usize, usize)| {
        let mut range = (start, end);
        for edit in edits {
            if edit.start <= range.1 && range.0 <= edit.old_end {
                return None;
            }
            range = (edit.map(range.0)?, edit.map(range.1)?);
        }
        Some(range)
    };
    let (start, end) = map_range((finding.span.start_byte, finding.span.end_byte))?;
    if end > text.len()
        || regions
            .iter()
            .any(|region| start < region.end && region.start < end)
    {
        return None;
    }
    let mut moved = finding.clone();
    moved.span = engine::Span::new(index, text, start, end);
    let moved_span = |span: engine::Span| {
        let (start, end) = map_range((span.start_byte, span.end_byte))?;
        (end <= text.len()).then(|| engine::Span::new(index, text, start, end))
    };
    moved.source = finding.source.and_then(moved_span);
    moved.sink = finding.sink.and_then(moved_span);
    for fix in &mut moved.fixes {
        for edit in &mut fix.edits {
            let (start, end) = map_range((edit.start_byte, edit.end_byte))?;
            edit.start_byte = start;
            edit.end_byte = end;
        }
    }
    Some(moved)
}

async fn tracing_error(session: &Session, uri: &Uri, message: &str) {
    session
        .client
        .log_message(
            tower_lsp_server::ls_types::MessageType::ERROR,
            format!("codeward: analysis of {} failed: {message}", uri.as_str()),
        )
        .await;
}

/// Cancels every running analysis (at `shutdown`: nothing is published after it).
pub fn cancel_all(session: &Session) {
    for document in session.documents.iter() {
        document.cancel.cancel();
    }
}

/// Starts a new generation: cancels the running analysis and returns the new number.
pub fn bump(document: &mut super::document::Document) -> u64 {
    document.cancel.cancel();
    document.cancel = CancelToken::new();
    document.generation += 1;
    document.generation
}
