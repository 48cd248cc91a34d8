//! `.codeward.toml`: which rules run, at what severity, on which files; the one `Config`
//! that `codeward scan` and the language server both use.
//!
//! The keys are kebab-case (`min-severity`, `max-file-size`, `ignore`, `extra-rules`,
//! `include-tests`, `test-paths`, `[rules] disable`, `[rules.severity]`, `[sync] enabled,
//! upload-source`). Unknown keys are errors that name the file, the line and the key. A
//! layer of overrides (the editor's settings, turned into the same keys by the language
//! server) goes on top of a file with [`Config::layered`]: a key the layer sets wins, and
//! tables are merged key by key. This module reads the one file it is given and nothing
//! else: it does not look for the file, walk the tree or load rule folders (the callers do,
//! with `extra_rule_dirs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rules::{RuleSet, Severity};

/// The default `max-file-size`: larger files are skipped unread.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The name of the file looked for at the scan root.
pub const FILE_NAME: &str = ".codeward.toml";

/// The settings of one project.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Findings below this severity are left out of reports and do not fail the run.
    #[serde(deserialize_with = "optional_severity")]
    pub min_severity: Option<Severity>,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: Option<u64>,
    /// Gitignore-style globs, relative to the scan root, of paths not to scan.
    pub ignore: Vec<String>,
    /// Rule folders added to the built-in pack, relative to the config file.
    pub extra_rules: Vec<PathBuf>,
    pub rules: RulesConfig,
    /// The `[sync]` table: what the language server sends to the team store.
    pub sync: SyncConfig,
    /// Report findings in test code too (by default only real credentials are).
    pub include_tests: bool,
    /// Gitignore-style globs of the project's own test code, beside the conventions.
    pub test_paths: Vec<String>,
    /// The folder holding the config file: `extra-rules` are relative to it.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// The `[rules]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Rule ids that do not run.
    pub disable: Vec<String>,
    /// Rule id to the severity it reports with instead of its own.
    #[serde(deserialize_with = "severity_map")]
    pub severity: BTreeMap<String, Severity>,
}

/// The `[sync]` table. The language server reads it from the workspace folder's file when the
/// editor's settings say nothing about `sync`; `codeward scan` syncs only with `--sync`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SyncConfig {
    /// Send a scan record on save and on workspace scans.
    pub enabled: bool,
    /// Attach the scanned files' source to the record (opt-in; kept 10 days at most).
    pub upload_source: bool,
}

/// A config file that could not be read or understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{}: {key}: {message}", line.map(|line| format!(":{line}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: String,
    /// One-based line, where known.
    pub line: Option<usize>,
    /// The dotted key at fault (`rules.severity.my-rule`), or `(file)`.
    pub key: String,
    pub message: String,
}

impl Config {
    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
            path: path.display().to_string(),
            line: None,
            key: "(file)".to_owned(),
            message: format!("cannot read the config file: {error}"),
        })?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// Parses config text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|error| {
            let span = error.span();
            let message = error.message().trim().to_owned();
            let key = unknown_field(&message)
                .map(|field| qualify(text, span.as_ref().map_or(0, |span| span.start), field))
                .or_else(|| span.as_ref().and_then(|span| key_at(text, span.start)))
                .unwrap_or_else(|| "(file)".to_owned());
            ConfigError {
                path: path.to_owned(),
                line: span.map(|span| line_of(text, span.start)),
                key,
                message,
            }
        })?;
        for (index, glob) in config.ignore.iter().enumerate() {
            if let Err(error) = ignore::gitignore::GitignoreBuilder::new("")
                .add_line(None, glob)
                .and_then(|builder| builder.build())
            {
                return Err(ConfigError {
                    path: path.to_owned(),
                    line: find_line(text, "ignore"),
                    key: format!("ignore[{index}]"),
                    message: format!("`{glob}` is not a valid glob: {error}"),
                });
            }
        }
        if let Err(message) = crate::testcode::TestCode::new(&config.test_paths) {
            return Err(ConfigError {
                path: path.to_owned(),
                line: find_line(text, "test-paths"),
                key: "test-paths".to_owned(),
                message,
            });
        }
        Ok(config)
    }

    /// The settings of `file` (its path and text; `None` when the project has none) with
    /// `overrides` on top: a key the overrides set replaces the file's value, and tables
    /// (`[rules]`, `[rules.severity]`, `[sync]`) are merged key by key. `extra-rules` of the
    /// file are relative to its folder, else to `folder`; the overrides' should be absolute.
    pub fn layered(
        file: Option<(&Path, &str)>,
        overrides: &toml::Table,
        folder: &Path,
    ) -> Result<Config, ConfigError> {
        let (mut table, base_dir) = match file {
            Some((path, text)) => {
                // Parsed as a file first, so that its errors name its lines.
                Config::parse(text, &path.display().to_string())?;
                let table: toml::Table = toml::from_str(text).unwrap_or_default();
                let base_dir = path
                    .parent()
                    .map_or_else(|| folder.to_path_buf(), Path::to_path_buf);
                (table, base_dir)
            }
            None => (toml::Table::new(), folder.to_path_buf()),
        };
        merge(&mut table, overrides);
        let mut config = Config::parse(&table_text(&table), SETTINGS)?;
        config.base_dir = base_dir;
        Ok(config)
    }

    /// Checks a layer of overrides on its own, as a file of just those keys would be
    /// checked. Keys that are no config key are taken out of it and returned (an editor may
    /// send the settings of a newer version); any other fault is an error.
    pub fn check_overrides(overrides: &mut toml::Table) -> Result<Vec<String>, ConfigError> {
        let mut unknown = Vec::new();
        loop {
            match Config::parse(&table_text(overrides), SETTINGS) {
                Ok(_) => return Ok(unknown),
                Err(error)
                    if unknown_field(&error.message).is_some()
                        && remove_dotted(overrides, &error.key) =>
                {
                    unknown.push(error.key);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// The test-code classifier of this project (its globs were checked when it was read).
    pub fn test_code(&self) -> crate::testcode::TestCode {
        crate::testcode::TestCode::new(&self.test_paths).unwrap_or_default()
    }

    /// The `ignore` globs as one matcher of paths relative to the project's root (they
    /// were checked when the config was read).
    pub fn ignore_matcher(&self) -> ignore::gitignore::Gitignore {
        let mut builder = ignore::gitignore::GitignoreBuilder::new("");
        for glob in &self.ignore {
            let _ = builder.add_line(None, glob);
        }
        builder
            .build()
            .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
    }

    /// Files larger than this many bytes are not scanned.
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }

    /// The `extra-rules` folders, resolved against the config file's folder.
    pub fn extra_rule_dirs(&self) -> Vec<PathBuf> {
        self.extra_rules
            .iter()
            .map(|dir| self.base_dir.join(dir))
            .collect()
    }

    /// `rules` with disabled rules removed and severities overridden; warnings name ids
    /// that match no rule (a typo, or a rule that was renamed).
    pub fn apply(&self, rules: &RuleSet) -> (RuleSet, Vec<String>) {
        let mut warnings = Vec::new();
        let named = self
            .rules
            .disable
            .iter()
            .map(|id| ("rules.disable", id))
            .chain(self.rules.severity.keys().map(|id| ("rules.severity", id)));
        for (key, id) in named {
            if rules.get(id).is_none() {
                warnings.push(format!("{key}: no rule `{id}`; it is ignored"));
            }
        }
        let configured = rules.configured(|rule| {
            if self.rules.disable.contains(&rule.meta.id) {
                return None;
            }
            let mut rule = rule.clone();
            if let Some(severity) = self.rules.severity.get(&rule.meta.id) {
                rule.meta.severity = *severity;
            }
            Some(rule)
        });
        (configured, warnings)
    }
}

/// What errors in a layer of overrides name as their file.
const SETTINGS: &str = "settings";

/// `layer` over `base`: a key of `layer` replaces the one of `base`, except that two tables
/// are merged.
fn merge(base: &mut toml::Table, layer: &toml::Table) {
    for (key, value) in layer {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(over)) => merge(inner, over),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A table as TOML text: checked with [`Config::parse`], its errors name the key at fault.
fn table_text(table: &toml::Table) -> String {
    toml::to_string(table).unwrap_or_default()
}

/// Removes `rules.enable` (a dotted key) from `table`; whether it was there.
fn remove_dotted(table: &mut toml::Table, key: &str) -> bool {
    match key.split_once('.') {
        Some((head, rest)) => match table.get_mut(head) {
            Some(toml::Value::Table(inner)) => remove_dotted(inner, rest),
            _ => false,
        },
        None => table.remove(key).is_some(),
    }
}

fn parse_severity<E: serde::de::Error>(text: &str) -> Result<Severity, E> {
    Severity::parse(text).ok_or_else(|| {
        E::custom(format!(
            "`{text}` is not a severity: use info, low, medium, high or critical"
        ))
    })
}

/// A severity read from its name, failing at the value's own position.
struct SeverityValue(Severity);

impl<'de> Deserialize<'de> for SeverityValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_severity(&text).map(SeverityValue)
    }
}

fn optional_severity<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Severity>, D::Error> {
    SeverityValue::deserialize(deserializer).map(|value| Some(value.0))
}

fn severity_map<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, Severity>, D::Error> {
    let raw = BTreeMap::<String, SeverityValue>::deserialize(deserializer)?;
    Ok(raw.into_iter().map(|(id, value)| (id, value.0)).collect())
}

/// `unknown field `name`, expected ...` -> `name`.
fn unknown_field(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}

fn line_of(text: &str, offset: usize) -> usize {
    let offset = crate::text::floor_char_boundary(text, offset);
    text[..offset].matches('\n').count() + 1
}

fn find_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

/// The table header (`[rules.severity]` -> `rules.severity`) in force at `offset`.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let offset = crate::text::floor_char_boundary(text, offset);
    text[..offset].lines().rev().find_map(|line| {
        let line = line.trim();
        let inner = line.strip_prefix('[')?.split(']').next()?;
        Some(inner.trim().to_owned())
    })
}

/// `field` prefixed with the table it sits in.
fn qualify(text: &str, offset: usize, field: &str) -> String {
    let line_start = text[..crate::text::floor_char_boundary(text, offset)]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    match table_at(text, line_start) {
        Some(table) if !text[line_start..].trim_start().starts_with('[') => {
            format!("{table}.{field}")
        }
        _ => field.to_owned(),
    }
}

/// The dotted key whose value sits at `offset`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = crate::text::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let key = line.split('=').next()?.trim().trim_matches('"');
    if key.is_empty() || !line.contains('=') {
        return None;
    }
    Some(qualify(text, offset, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_error(text: &str, expected: &str) {
        let error = Config::parse(text, "proj/.codeward.toml").expect_err("should fail");
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn full_config() {
        let config = Config::parse(
            "min-severity = \"high\"\nmax-file-size = 2048\nignore = [\"vendor/**\"]\n\
             extra-rules = [\"team-rules\"]\n[rules]\ndisable = [\"a\"]\n\
             [rules.severity]\npython-sql-injection = \"low\"\n",
            "x",
        )
        .expect("valid");
        assert_eq!(config.min_severity, Some(Severity::High));
        assert_eq!(config.max_file_size, Some(2048));
        assert_eq!(config.ignore, vec!["vendor/**".to_owned()]);
        assert_eq!(config.rules.disable, vec!["a".to_owned()]);
        assert_eq!(
            config.rules.severity.get("python-sql-injection"),
            Some(&Severity::Low)
        );
    }

    #[test]
    fn sync_table() {
        let config =
            Config::parse("[sync]\nenabled = true\nupload-source = true\n", "x").expect("ok");
        assert_eq!(
            config.sync,
            SyncConfig {
                enabled: true,
                upload_source: true
            }
        );
        assert_eq!(Config::default().sync, SyncConfig::default());
        check_error(
            "[sync]\nenable = true\n",
            "proj/.codeward.toml:2: sync.enable: unknown field `enable`, expected `enabled` or \
             `upload-source`",
        );
    }

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("valid TOML")
    }

    #[test]
    fn overrides_win_where_they_set_a_key_and_tables_merge() {
        let file = "min-severity = \"high\"\nignore = [\"vendor/**\"]\ninclude-tests = true\n\
                    [rules]\ndisable = [\"a\"]\n[rules.severity]\nb = \"low\"\nc = \"low\"\n\
                    [sync]\nenabled = true\nupload-source = true\n";
        let overrides = table(
            "min-severity = \"info\"\n[rules]\ndisable = []\n[rules.severity]\nc = \"critical\"\n\
             [sync]\nenabled = false\n",
        );
        let path = Path::new("/proj/sub/.codeward.toml");
        let config =
            Config::layered(Some((path, file)), &overrides, Path::new("/proj")).expect("valid");
        assert_eq!(config.min_severity, Some(Severity::Info));
        assert_eq!(config.ignore, vec!["vendor/**".to_owned()]);
        assert!(config.include_tests);
        assert_eq!(config.rules.disable, Vec::<String>::new());
        assert_eq!(
            config.rules.severity,
            BTreeMap::from([
                ("b".to_owned(), Severity::Low),
                ("c".to_owned(), Severity::Critical)
            ])
        );
        assert_eq!(
            config.sync,
            SyncConfig {
                enabled: false,
                upload_source: true
            }
        );
        assert_eq!(config.base_dir, Path::new("/proj/sub"));
        let alone = Config::layered(None, &overrides, Path::new("/proj")).expect("valid");
        assert_eq!(alone.base_dir, Path::new("/proj"));
        assert_eq!(alone.ignore, Vec::<String>::new());
    }

    #[test]
    fn a_bad_file_is_reported_with_its_line_even_under_overrides() {
        let error = Config::layered(
            Some((
                Path::new("p/.codeward.toml"),
                "ignore = []\nmin-severity = 3\n",
            )),
            &table("min-severity = \"low\"\n"),
            Path::new("p"),
        )
        .expect_err("the file is bad");
        assert_eq!(
            error.to_string(),
            "p/.codeward.toml:2: min-severity: invalid type: integer `3`, expected a string"
        );
    }

    #[test]
    fn overrides_lose_unknown_keys_and_name_bad_values() {
        let mut overrides =
            table("future = 1\nmin-severity = \"low\"\n[rules]\nenable = [\"x\"]\n");
        assert_eq!(
            Config::check_overrides(&mut overrides),
            Ok(vec!["future".to_owned(), "rules.enable".to_owned()])
        );
        assert_eq!(overrides, table("min-severity = \"low\"\n[rules]\n"));
        let mut bad = table("[rules.severity]\nx = \"urgent\"\n");
        assert_eq!(
            Config::check_overrides(&mut bad)
                .expect_err("bad value")
                .to_string(),
            "settings:2: rules.severity.x: `urgent` is not a severity: use info, low, medium, \
             high or critical"
        );
    }

    #[test]
    fn unknown_top_level_key() {
        check_error(
            "min-severity = \"low\"\nmax-size = 3\n",
            "proj/.codeward.toml:2: max-size: unknown field `max-size`, expected one of \
             `min-severity`, `max-file-size`, `ignore`, `extra-rules`, `rules`, `sync`, \
             `include-tests`, `test-paths`",
        );
    }

    #[test]
    fn unknown_key_in_table() {
        check_error(
            "[rules]\nenable = [\"x\"]\n",
            "proj/.codeward.toml:2: rules.enable: unknown field `enable`, expected `disable` \
             or `severity`",
        );
    }

    #[test]
    fn bad_severity_value() {
        check_error(
            "[rules.severity]\npython-sql-injection = \"urgent\"\n",
            "proj/.codeward.toml:2: rules.severity.python-sql-injection: `urgent` is not a \
             severity: use info, low, medium, high or critical",
        );
    }

    #[test]
    fn wrong_type() {
        check_error(
            "max-file-size = \"big\"\n",
            "proj/.codeward.toml:1: max-file-size: invalid type: string \"big\", expected u64",
        );
    }

    #[test]
    fn bad_glob() {
        check_error(
            "ignore = [\"a/{b\"]\n",
            "proj/.codeward.toml:1: ignore[0]: `a/{b` is not a valid glob: error parsing glob \
             'a/{b': unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)",
        );
    }
}
