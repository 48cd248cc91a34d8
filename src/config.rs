//! `.codeward.toml`: which rules run, at what severity, on which files.
//!
//! The keys are kebab-case in the file (`min-severity`, `max-file-size`, `ignore`,
//! `extra-rules`, `include-tests`, `test-paths`, `[rules] disable`, `[rules.severity]`,
//! `[sync] enabled, upload-source`); camelCase aliases (`minSeverity`,
//! `maxFileSize`, `extraRules`) let the language server read the same struct from its
//! settings. Unknown keys are errors that name the file, the line and the key. This module
//! reads the one file it is given and nothing else: it does not look for the file, walk the
//! tree or load rule folders (the caller does, with `extra_rule_dirs`).

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
    #[serde(alias = "minSeverity", deserialize_with = "optional_severity")]
    pub min_severity: Option<Severity>,
    /// Files larger than this many bytes are skipped.
    #[serde(alias = "maxFileSize")]
    pub max_file_size: Option<u64>,
    /// Gitignore-style globs, relative to the scan root, of paths not to scan.
    pub ignore: Vec<String>,
    /// Rule folders added to the built-in pack, relative to the config file.
    #[serde(alias = "extraRules")]
    pub extra_rules: Vec<PathBuf>,
    pub rules: RulesConfig,
    /// The `[sync]` table: what the language server sends to the team store.
    pub sync: SyncConfig,
    /// Report findings in test code too (by default only real credentials are).
    #[serde(alias = "includeTests")]
    pub include_tests: bool,
    /// Gitignore-style globs of the project's own test code, beside the conventions.
    #[serde(alias = "testPaths")]
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
    #[serde(alias = "uploadSource")]
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

    /// The test-code classifier of this project (its globs were checked when it was read).
    pub fn test_code(&self) -> crate::testcode::TestCode {
        crate::testcode::TestCode::new(&self.test_paths).unwrap_or_default()
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
            "proj/.codeward.toml:2: sync.enable: unknown field `enable`, expected one of \
             `enabled`, `upload-source`, `uploadSource`",
        );
    }

    #[test]
    fn camel_case_aliases() {
        let config = Config::parse("minSeverity = \"low\"\nmaxFileSize = 10\n", "x").expect("ok");
        assert_eq!(config.min_severity, Some(Severity::Low));
        assert_eq!(config.max_file_size, Some(10));
    }

    #[test]
    fn unknown_top_level_key() {
        check_error(
            "min-severity = \"low\"\nmax-size = 3\n",
            "proj/.codeward.toml:2: max-size: unknown field `max-size`, expected one of \
             `min-severity`, `minSeverity`, `max-file-size`, `maxFileSize`, `ignore`, \
             `extra-rules`, `extraRules`, `rules`, `sync`, `include-tests`, `includeTests`, `test-paths`, `testPaths`",
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
