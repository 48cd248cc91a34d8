//! The state all handlers share: open documents, negotiated capabilities, settings and the
//! compiled rules. Locks here are std locks, held only for synchronous work.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::Uri;

use super::document::Document;
use super::settings::Settings;
use crate::lang::Language;
use crate::rules::{RuleError, RuleSet, RuleSource};
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
    /// Documents a workspace scan pushed diagnostics for: a pull client gets them cleared
    /// when it opens one, so that it never shows pushed and pulled findings together.
    pub pushed: DashMap<Uri, ()>,
    pub settings: RwLock<Settings>,
    /// The built-in pack plus extra folders, before settings are applied.
    base_rules: RwLock<Arc<RuleSet>>,
    /// What analyses use: `base_rules` with the settings applied.
    rules: RwLock<Arc<RuleSet>>,
    /// Whether rules are loaded: the built-in pack loads on a thread of its own after
    /// start, so that `initialize` is answered at once.
    rules_loaded: tokio::sync::watch::Sender<bool>,
    pub roots: RwLock<Vec<PathBuf>>,
    /// The sync thread, started the first time a scan is synced (see `lsp::sync`).
    pub sync: std::sync::Mutex<Option<crate::sync::background::BackgroundSync>>,
}

impl Session {
    /// A session whose rules are not loaded yet: see [`Session::load_builtin_rules`].
    pub fn new(client: Client) -> Session {
        let builtin = Arc::new(RuleSet::default());
        Session {
            client,
            documents: DashMap::new(),
            encoding: RwLock::new(Encoding::Utf16),
            pull: AtomicBool::new(false),
            work_done_progress: AtomicBool::new(false),
            diagnostic_refresh: AtomicBool::new(false),
            pushed: DashMap::new(),
            settings: RwLock::new(Settings::default()),
            base_rules: RwLock::new(Arc::clone(&builtin)),
            rules: RwLock::new(builtin),
            rules_loaded: tokio::sync::watch::Sender::new(false),
            roots: RwLock::new(Vec::new()),
            sync: std::sync::Mutex::new(None),
        }
    }

    /// Loads the built-in pack on a thread of its own (each language's query is built when
    /// a file of that language is first analysed). Rules loaded meanwhile by
    /// [`Session::reload_rules`] win.
    pub fn load_builtin_rules(self: &Arc<Self>) {
        let session = Arc::clone(self);
        std::thread::spawn(move || {
            let (builtin, _) = RuleSet::compile_lazy(&crate::rules::builtin_sources());
            if !session.install_rules(builtin, true) {
                return;
            }
            // Build each language's query ahead of its first file: the languages of open
            // documents first (an analysis needing one meanwhile builds it itself).
            let mut languages: Vec<Language> = session
                .documents
                .iter()
                .filter_map(|document| document.language)
                .collect();
            languages.extend(Language::ALL);
            let rules = session.rules();
            for language in languages {
                let _ = rules.queries_for(language);
            }
        });
    }

    /// The rules in effect, once loaded.
    pub async fn loaded_rules(&self) -> Arc<RuleSet> {
        let mut loaded = self.rules_loaded.subscribe();
        let _ = loaded.wait_for(|loaded| *loaded).await;
        self.rules()
    }

    /// Makes `base` the rules in effect (with the settings applied); with `if_first`, only
    /// if no rules were installed yet. Returns whether it did.
    fn install_rules(&self, base: RuleSet, if_first: bool) -> bool {
        let mut base_rules = self
            .base_rules
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        if if_first && *self.rules_loaded.borrow() {
            return false;
        }
        let configured = self.settings().apply(&base);
        *base_rules = Arc::new(base);
        *self
            .rules
            .write()
            .unwrap_or_else(|poison| poison.into_inner()) = Arc::new(configured);
        self.rules_loaded.send_replace(true);
        true
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

    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
            .clone()
    }

    pub fn rules(&self) -> Arc<RuleSet> {
        Arc::clone(
            &self
                .rules
                .read()
                .unwrap_or_else(|poison| poison.into_inner()),
        )
    }

    /// Stores new settings; returns rule file errors. Compiling the pack takes seconds, so
    /// the rule files are recompiled only when the extra rule folders changed; otherwise
    /// the new settings are applied to the rules already compiled.
    pub fn set_settings(&self, settings: Settings) -> Vec<RuleError> {
        let same_folders = {
            let mut current = self
                .settings
                .write()
                .unwrap_or_else(|poison| poison.into_inner());
            let same_folders = current.extra_rules == settings.extra_rules;
            *current = settings;
            same_folders
        };
        if !same_folders {
            return self.reload_rules();
        }
        // Held until the configured rules are stored, so rules installed meanwhile are not
        // overwritten by the settings applied to the set they replace.
        let base = self
            .base_rules
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        let configured = self.settings().apply(&base);
        *self
            .rules
            .write()
            .unwrap_or_else(|poison| poison.into_inner()) = Arc::new(configured);
        drop(base);
        Vec::new()
    }

    /// Recompiles the built-in pack and the extra rule folders (after a rule file changed).
    /// A bad file costs only itself: the other rules keep working.
    pub fn reload_rules(&self) -> Vec<RuleError> {
        let settings = self.settings();
        let mut sources = crate::rules::builtin_sources();
        let mut errors = Vec::new();
        for dir in &settings.extra_rules {
            let dir = self.resolve(dir);
            match read_rule_files(&dir) {
                Ok(found) => sources.extend(found),
                Err(message) => errors.push(RuleError {
                    path: dir.display().to_string(),
                    line: None,
                    field: "extraRules".to_owned(),
                    message,
                }),
            }
        }
        let (base, compile_errors) = RuleSet::compile(&sources);
        errors.extend(compile_errors);
        self.install_rules(base, false);
        errors
    }

    /// A folder from settings: relative ones are taken from the first workspace root.
    pub fn resolve(&self, path: &std::path::Path) -> PathBuf {
        if path.is_absolute() {
            return path.to_path_buf();
        }
        let roots = self
            .roots
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        match roots.first() {
            Some(root) => root.join(path),
            None => path.to_path_buf(),
        }
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

fn read_rule_files(dir: &std::path::Path) -> Result<Vec<RuleSource>, String> {
    if !dir.is_dir() {
        return Err("the folder does not exist".to_owned());
    }
    let mut sources = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(|error| error.to_string())?;
        let path = entry.path();
        if entry.file_type().is_some_and(|kind| kind.is_file()) && crate::rules::is_rule_file(path)
        {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            sources.push(RuleSource {
                path: path.display().to_string(),
                text,
            });
        }
    }
    sources.sort_by(|left, right| left.path.cmp(&right.path));
    Ok(sources)
}
