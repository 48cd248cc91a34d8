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
        for (id, severity) in &settings.rules.severity {
            if Severity::parse(severity).is_none() {
                return Err(format!(
                    "rules.severity.{id}: `{severity}` is not one of critical, high, medium, low, info"
                ));
            }
        }
        Ok(settings)
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
