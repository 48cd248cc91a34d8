//! Which configuration a document is analysed with: the nearest `.codeward.toml` at or
//! above it within its workspace folder, read by the same `Config` as `codeward scan`, with
//! the editor's settings on top, and the rules that configuration selects.
//!
//! A project is loaded on a blocking worker the first time a folder needs it and kept until
//! a config file, a rule file or the settings change ([`Projects::invalidate`]); analyses
//! of loaded projects touch no disk. A config file that cannot be read or parsed is shown
//! once (`window/showMessage`) and the last good version of it stays in force.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use dashmap::DashMap;
use ignore::gitignore::Gitignore;
use tower_lsp_server::ls_types::MessageType;

use super::session::Session;
use crate::config::{self, Config};
use crate::engine::Finding;
use crate::rules::{RuleError, RuleSet, RuleSource, Severity};
use crate::testcode::TestCode;

/// The configuration of the documents below one config file (or of a workspace folder
/// without one), ready for analyses.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    /// The rules the config selects, severities changed as it says.
    pub rules: Arc<RuleSet>,
    test_code: TestCode,
    ignored: Gitignore,
}

impl Project {
    /// `path` as `codeward scan` run in the project's root names it: relative to the config
    /// file's folder (the workspace folder without one), else just the file name.
    pub fn name_of(&self, path: &Path) -> String {
        match path.strip_prefix(&self.config.base_dir) {
            Ok(relative) => relative
                .components()
                .map(|component| component.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether the project's `ignore` globs leave out the file `name` (see [`Self::name_of`]).
    pub fn ignores(&self, name: &str) -> bool {
        !name.is_empty()
            && self
                .ignored
                .matched_path_or_any_parents(name, false)
                .is_ignore()
    }

    pub fn min_severity(&self) -> Severity {
        self.config.min_severity.unwrap_or(Severity::Info)
    }

    /// Whether a finding in the file `name` is shown: at or above `min-severity`, and
    /// allowed by [`Self::test_code_keeps`].
    pub fn keeps(&self, name: &str, finding: &Finding) -> bool {
        finding.severity >= self.min_severity() && self.test_code_keeps(name, finding)
    }

    /// The CLI's test-code policy: in test code only credentials are shown, unless
    /// `include-tests`.
    pub fn test_code_keeps(&self, name: &str, finding: &Finding) -> bool {
        self.test_code
            .keeps(name, self.config.include_tests, finding)
    }
}

/// What identifies a project: its config file (`None`: no file up to the folder) and the
/// workspace folder, against which the editor's relative `extraRules` are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    file: Option<PathBuf>,
    folder: PathBuf,
}

#[derive(Debug)]
pub struct Projects {
    /// A document's folder -> the key of its project.
    nearest: DashMap<PathBuf, Key>,
    loaded: DashMap<Key, Arc<Project>>,
    /// Bumped by every invalidation: a load that started before one is not kept.
    generation: AtomicU64,
    /// The text of each config file as last read without error: in force while it is broken.
    last_good: Mutex<HashMap<PathBuf, String>>,
    /// The error last shown for each config file, so that it is shown once.
    shown: Mutex<HashMap<PathBuf, String>>,
    /// Rule sets by their extra rule folders (the built-in pack plus those), compiled once.
    rule_sets: Mutex<HashMap<Vec<PathBuf>, Arc<RuleSet>>>,
    /// The built-in pack, once its thread has compiled it.
    builtin: tokio::sync::watch::Sender<Option<Arc<RuleSet>>>,
    /// One load at a time, so that concurrent analyses of one folder read its file once.
    loading: tokio::sync::Mutex<()>,
}

impl Default for Projects {
    fn default() -> Self {
        Projects {
            nearest: DashMap::new(),
            loaded: DashMap::new(),
            generation: AtomicU64::new(0),
            last_good: Mutex::new(HashMap::new()),
            shown: Mutex::new(HashMap::new()),
            rule_sets: Mutex::new(HashMap::new()),
            builtin: tokio::sync::watch::Sender::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }
}

impl Projects {
    pub fn set_builtin(&self, rules: Arc<RuleSet>) {
        self.builtin.send_replace(Some(rules));
    }

    /// The built-in pack, waiting for its thread to compile it.
    pub async fn builtin(&self) -> Arc<RuleSet> {
        let mut loaded = self.builtin.subscribe();
        match loaded.wait_for(Option::is_some).await {
            Ok(rules) => rules.clone().unwrap_or_default(),
            Err(_) => Arc::default(),
        }
    }

    /// Forgets every loaded project (the settings or a config file changed; with
    /// `rule_files`, a rule file too): the next analysis of each folder loads it again.
    pub fn invalidate(&self, rule_files: bool) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if rule_files {
            lock(&self.rule_sets).clear();
        }
        self.nearest.clear();
        self.loaded.clear();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

/// The project of the document at `path` (`None` for a document that is no file, such as
/// an untitled buffer: then the project of the first workspace folder's root).
pub async fn project(session: &Session, path: Option<&Path>) -> Arc<Project> {
    let folder = folder_of(session, path);
    // Documents that are no file are cached under the empty folder, apart from the files in
    // the workspace folder, and searched for from the workspace folder.
    let dir = path
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let search_from = if path.is_some() {
        dir.clone()
    } else {
        folder.clone()
    };
    if let Some(found) = cached(&session.projects, &dir) {
        return found;
    }
    let projects = &session.projects;
    let _loading = projects.loading.lock().await;
    if let Some(found) = cached(projects, &dir) {
        return found;
    }
    let generation = projects.generation.load(Ordering::SeqCst);
    let search = (!search_from.as_os_str().is_empty()).then(|| (search_from, folder.clone()));
    let found = tokio::task::spawn_blocking(move || {
        let (from, folder) = search?;
        let file = nearest_file(&from, &folder)?;
        let text = std::fs::read_to_string(&file).map_err(|error| config::ConfigError {
            path: file.display().to_string(),
            line: None,
            key: "(file)".to_owned(),
            message: format!("cannot read the config file: {error}"),
        });
        Some((file, text))
    })
    .await
    .ok()
    .flatten();
    let key = Key {
        file: found.as_ref().map(|(file, _)| file.clone()),
        folder: folder.clone(),
    };
    let config = layered(session, found, &folder).await;
    let rules = rules_for(session, &config).await;
    let project = Arc::new(Project {
        rules,
        test_code: config.test_code(),
        ignored: config.ignore_matcher(),
        config,
    });
    if projects.generation.load(Ordering::SeqCst) == generation {
        projects.loaded.insert(key.clone(), Arc::clone(&project));
        projects.nearest.insert(dir, key);
    }
    project
}

fn cached(projects: &Projects, dir: &Path) -> Option<Arc<Project>> {
    let key = projects.nearest.get(dir)?.clone();
    projects
        .loaded
        .get(&key)
        .map(|project| Arc::clone(&project))
}

/// The workspace folder holding `path` (the innermost, for nested folders), else the
/// file's own folder; for a document that is no file, the first workspace folder.
pub fn folder_of(session: &Session, path: Option<&Path>) -> PathBuf {
    let roots = session
        .roots
        .read()
        .unwrap_or_else(|poison| poison.into_inner());
    let Some(path) = path else {
        return roots.first().cloned().unwrap_or_default();
    };
    roots
        .iter()
        .filter(|root| path.starts_with(root))
        .max_by_key(|root| root.components().count())
        .cloned()
        .or_else(|| path.parent().map(Path::to_path_buf))
        .unwrap_or_default()
}

/// The `.codeward.toml` in `dir` or the nearest folder above it, up to `folder`.
fn nearest_file(dir: &Path, folder: &Path) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(here) = current {
        let candidate = here.join(config::FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if here == folder || !here.starts_with(folder) {
            return None;
        }
        current = here.parent();
    }
    None
}

/// The config of a project: its file (as read now, or as last read without error) with
/// the editor's overrides on top.
async fn layered(
    session: &Session,
    file: Option<(PathBuf, Result<String, config::ConfigError>)>,
    folder: &Path,
) -> Config {
    let overrides = overrides_for(session, folder);
    let projects = &session.projects;
    let Some((path, text)) = file else {
        return without_file(&overrides, folder);
    };
    let read = text.and_then(|text| {
        Config::layered(Some((path.as_path(), text.as_str())), &overrides, folder)
            .map(|config| (config, text))
    });
    let error = match read {
        Ok((config, text)) => {
            lock(&projects.last_good).insert(path.clone(), text);
            lock(&projects.shown).remove(&path);
            return config;
        }
        Err(error) => error.to_string(),
    };
    let last_good = lock(&projects.last_good).get(&path).cloned();
    let (config, in_force) = match last_good.and_then(|text| {
        Config::layered(Some((path.as_path(), text.as_str())), &overrides, folder).ok()
    }) {
        Some(config) => (config, "the last good version of the file stays in force"),
        None => (
            without_file(&overrides, folder),
            "the folder is analysed without it until it is fixed",
        ),
    };
    let first_time = lock(&projects.shown).insert(path, error.clone()).as_ref() != Some(&error);
    if first_time {
        session
            .client
            .show_message(MessageType::ERROR, format!("codeward: {error}; {in_force}"))
            .await;
    }
    config
}

fn without_file(overrides: &toml::Table, folder: &Path) -> Config {
    Config::layered(None, overrides, folder).unwrap_or_else(|_| Config {
        base_dir: folder.to_path_buf(),
        ..Config::default()
    })
}

/// The editor's overrides, its relative `extraRules` taken from the workspace folder.
fn overrides_for(session: &Session, folder: &Path) -> toml::Table {
    let mut overrides = session.editor().overrides;
    if let Some(toml::Value::Array(dirs)) = overrides.get_mut("extra-rules") {
        for dir in dirs.iter_mut() {
            if let toml::Value::String(text) = dir {
                *text = folder.join(&*text).display().to_string();
            }
        }
    }
    overrides
}

/// The rules `config` selects: the built-in pack (plus its extra folders, compiled once per
/// set of folders, bad rule files reported) with its `[rules]` applied.
async fn rules_for(session: &Session, config: &Config) -> Arc<RuleSet> {
    let dirs = config.extra_rule_dirs();
    let base = if dirs.is_empty() {
        session.projects.builtin().await
    } else {
        let compiled = lock(&session.projects.rule_sets).get(&dirs).cloned();
        match compiled {
            Some(rules) => rules,
            None => {
                let key = dirs.clone();
                let (rules, errors) = tokio::task::spawn_blocking(move || compile_with(&dirs))
                    .await
                    .unwrap_or_default();
                let rules = Arc::new(rules);
                lock(&session.projects.rule_sets).insert(key, Arc::clone(&rules));
                super::handlers::did_change_configuration::report_rule_errors(session, &errors)
                    .await;
                rules
            }
        }
    };
    if config.rules.disable.is_empty() && config.rules.severity.is_empty() {
        return base;
    }
    // Every rule is copied: on a blocking worker, like the compilation above.
    let (applied, unchanged) = (config.clone(), Arc::clone(&base));
    let Ok((configured, warnings)) =
        tokio::task::spawn_blocking(move || applied.apply(&unchanged)).await
    else {
        return base;
    };
    for warning in warnings {
        session
            .client
            .log_message(MessageType::WARNING, format!("codeward: {warning}"))
            .await;
    }
    Arc::new(configured)
}

/// The built-in pack and the rule files of `dirs`; a folder or file that cannot be read or
/// compiled costs only itself.
fn compile_with(dirs: &[PathBuf]) -> (RuleSet, Vec<RuleError>) {
    let mut sources = crate::rules::builtin_sources();
    let mut errors = Vec::new();
    for dir in dirs {
        match read_rule_files(dir) {
            Ok(found) => sources.extend(found),
            Err(message) => errors.push(RuleError {
                path: dir.display().to_string(),
                line: None,
                field: "extra-rules".to_owned(),
                message,
            }),
        }
    }
    let (rules, compile_errors) = RuleSet::compile(&sources);
    errors.extend(compile_errors);
    (rules, errors)
}

fn read_rule_files(dir: &Path) -> Result<Vec<RuleSource>, String> {
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
