//! Settings from `initializationOptions` and `workspace/didChangeConfiguration`: the keys
//! of `.codeward.toml`, in camelCase.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::rules::{Rule, RuleSet, Severity};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Milliseconds to wait after an edit before analysing; 0 analyses at once.
    pub debounce_ms: u64,
    /// Larger documents get one informational diagnostic instead of a scan.
    pub max_file_size: usize,
    /// Findings below this severity are not shown.
    pub min_severity: String,
    pub rules: RuleSettings,
    /// Folders of extra rules, reloaded when their files change.
    pub extra_rules: Vec<PathBuf>,
    /// Sync to the team store on save and on workspace scans. `None` when the client did not
    /// say: then the `[sync]` table of the workspace's `.codeward.toml` decides (off if none).
    pub sync: Option<SyncSettings>,
    /// Show findings in test code too (by default only real credentials are shown there).
    pub include_tests: bool,
    /// The project's own test-code globs, beside the conventions.
    pub test_paths: Vec<String>,
}

/// `sync`: `{"enabled": true, "uploadSource": false}`, or `true`/`false` for `enabled` alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSettings {
    pub enabled: bool,
    /// Attach the scanned files' source to the record (opt-in; the store keeps it 10 days).
    pub upload_source: bool,
}

impl<'de> Deserialize<'de> for SyncSettings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        #[derive(Default)]
        struct Table {
            enabled: bool,
            upload_source: bool,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Value {
            Flag(bool),
            Table(Table),
        }
        Ok(match Value::deserialize(deserializer)? {
            Value::Flag(enabled) => SyncSettings {
                enabled,
                upload_source: false,
            },
            Value::Table(table) => SyncSettings {
                enabled: table.enabled,
                upload_source: table.upload_source,
            },
        })
    }
}

impl From<&crate::config::SyncConfig> for SyncSettings {
    fn from(config: &crate::config::SyncConfig) -> SyncSettings {
        SyncSettings {
            enabled: config.enabled,
            upload_source: config.upload_source,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct RuleSettings {
    pub disable: Vec<String>,
    pub severity: HashMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            debounce_ms: 30,
            max_file_size: 1024 * 1024,
            min_severity: "info".to_owned(),
            rules: RuleSettings::default(),
            extra_rules: Vec::new(),
            sync: None,
            include_tests: false,
            test_paths: Vec::new(),
        }
    }
}

impl Settings {
    /// Reads settings from a client's JSON; `{"codeward": {...}}` and the bare object are
    /// both accepted. Unknown keys are ignored so that newer clients keep working.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        let inner = value.get("codeward").unwrap_or(value);
        if inner.is_null() {
            return Ok(Settings::default());
        }
        let settings: Settings =
            serde_json::from_value(inner.clone()).map_err(|error| error.to_string())?;
        if Severity::parse(&settings.min_severity).is_none() {
            return Err(format!(
                "minSeverity `{}` is not one of critical, high, medium, low, info",
                settings.min_severity
            ));
        }
        crate::testcode::TestCode::new(&settings.test_paths)?;
        for (id, severity) in &settings.rules.severity {
            if Severity::parse(severity).is_none() {
                return Err(format!(
                    "rules.severity.{id}: `{severity}` is not one of critical, high, medium, low, info"
                ));
            }
        }
        Ok(settings)
    }

    /// The test-code classifier (its globs were checked when the settings were read).
    pub fn test_code(&self) -> crate::testcode::TestCode {
        crate::testcode::TestCode::new(&self.test_paths).unwrap_or_default()
    }

    pub fn min_severity(&self) -> Severity {
        Severity::parse(&self.min_severity).unwrap_or(Severity::Info)
    }

    /// The rule set with rules disabled and severities changed as configured.
    pub fn apply(&self, rules: &RuleSet) -> RuleSet {
        rules.configured(|rule: &Rule| {
            if self.rules.disable.iter().any(|id| id == &rule.meta.id) {
                return None;
            }
            let mut rule = rule.clone();
            if let Some(severity) = self
                .rules
                .severity
                .get(&rule.meta.id)
                .and_then(|text| Severity::parse(text))
            {
                rule.meta.severity = severity;
            }
            Some(rule)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_is_off_unless_asked_and_takes_a_flag_or_a_table() {
        let read = |json: serde_json::Value| Settings::from_json(&json).expect("valid").sync;
        assert_eq!(read(serde_json::json!({})), None);
        assert_eq!(
            read(serde_json::json!({"sync": true})),
            Some(SyncSettings {
                enabled: true,
                upload_source: false
            })
        );
        assert_eq!(
            read(
                serde_json::json!({"codeward": {"sync": {"enabled": true, "uploadSource": true}}})
            ),
            Some(SyncSettings {
                enabled: true,
                upload_source: true
            })
        );
        assert_eq!(
            read(serde_json::json!({"sync": {}})),
            Some(SyncSettings::default())
        );
    }
}
