//! The state all handlers share: open documents, negotiated capabilities, the editor's
//! settings and the projects' configurations and rules. Locks here are std locks, held
//! only for synchronous work.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::Uri;

use super::document::Document;
use super::projects::{self, Project, Projects};
use super::publish::Pushes;
use super::settings::EditorSettings;
use crate::lang::Language;
use crate::rules::RuleSet;
use crate::text::Encoding;

#[derive(Debug)]
pub struct Session {
    pub client: Client,
    pub documents: DashMap<Uri, Document>,
    pub encoding: RwLock<Encoding>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): never push to it.
    pub pull: AtomicBool,
    /// The client accepts `window/workDoneProgress/create` (`window.workDoneProgress`).
    pub work_done_progress: AtomicBool,
    /// The client accepts `workspace/diagnostic/refresh` (`workspace.diagnostics`).
    pub diagnostic_refresh: AtomicBool,
    /// The client registers `workspace/didChangeWatchedFiles` watchers on request.
    pub watch_files: AtomicBool,
    /// Documents a workspace scan pushed diagnostics for: a pull client gets them cleared
    /// when it opens one, so that it never shows pushed and pulled findings together.
    pub pushed: DashMap<Uri, ()>,
    editor: RwLock<EditorSettings>,
    /// Each folder's `.codeward.toml` with the editor's settings on top, and its rules.
    pub projects: Projects,
    pub roots: RwLock<Vec<PathBuf>>,
    /// Every `textDocument/publishDiagnostics` goes through this queue (`lsp::publish`).
    pub pushes: Pushes,
    /// The sync thread, started the first time a scan is synced (see `lsp::sync`).
    pub sync: std::sync::Mutex<Option<crate::sync::background::BackgroundSync>>,
}

impl Session {
    /// A session whose rules are not loaded yet: see [`Session::load_builtin_rules`]. Starts
    /// the task that forwards pushes, on the current runtime.
    pub fn new(client: Client) -> Session {
        Session {
            pushes: Pushes::start(client.clone()),
            client,
            documents: DashMap::new(),
            encoding: RwLock::new(Encoding::Utf16),
            pull: AtomicBool::new(false),
            work_done_progress: AtomicBool::new(false),
            diagnostic_refresh: AtomicBool::new(false),
            watch_files: AtomicBool::new(false),
            pushed: DashMap::new(),
            editor: RwLock::new(EditorSettings::default()),
            projects: Projects::default(),
            roots: RwLock::new(Vec::new()),
            sync: std::sync::Mutex::new(None),
        }
    }

    /// Loads the built-in pack on a thread of its own, so that `initialize` is answered at
    /// once, and builds each language's query ahead of its first file: the languages of
    /// open documents first (an analysis needing one meanwhile builds it itself).
    pub fn load_builtin_rules(self: &Arc<Self>) {
        let session = Arc::clone(self);
        std::thread::spawn(move || {
            let (builtin, _) = RuleSet::compile_lazy(&crate::rules::builtin_sources());
            let builtin = Arc::new(builtin);
            session.projects.set_builtin(Arc::clone(&builtin));
            let mut languages: Vec<Language> = session
                .documents
                .iter()
                .filter_map(|document| document.language)
                .collect();
            languages.extend(Language::ALL);
            for language in languages {
                let _ = builtin.queries_for(language);
            }
        });
    }

    /// The project of the document at `uri` (see `lsp::projects`), once rules are loaded.
    pub async fn project(&self, uri: &Uri) -> Arc<Project> {
        let path = uri.to_file_path().map(|path| path.into_owned());
        projects::project(self, path.as_deref()).await
    }

    pub fn encoding(&self) -> Encoding {
        *self
            .encoding
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    pub fn pulls(&self) -> bool {
        self.pull.load(Ordering::Relaxed)
    }

    /// Asks a pull client to pull again (results changed without an edit); never waits
    /// on the answer.
    pub fn refresh_diagnostics(&self) {
        if self.pulls() && self.diagnostic_refresh.load(Ordering::Relaxed) {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }

    pub fn editor(&self) -> EditorSettings {
        self.editor
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    /// Puts new editor settings in force: every project is layered again.
    pub fn set_editor(&self, settings: EditorSettings) {
        *self
            .editor
            .write()
            .unwrap_or_else(|poison| poison.into_inner()) = settings;
        self.projects.invalidate(false);
    }

    /// The path a document is known by in fingerprints: relative to its workspace root.
    pub fn relative_path(&self, uri: &Uri) -> String {
        let Some(path) = uri.to_file_path() else {
            return uri.as_str().to_owned();
        };
        let roots = self
            .roots
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        for root in roots.iter() {
            if let Ok(relative) = path.strip_prefix(root) {
                return relative.to_string_lossy().replace('\\', "/");
            }
        }
        path.to_string_lossy().replace('\\', "/")
    }
}
