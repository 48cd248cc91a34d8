//! The editor's settings (`initializationOptions`, `workspace/didChangeConfiguration`): the
//! keys of `.codeward.toml` in camelCase, which go on top of each project's file as
//! overrides (`Config::layered`), plus what only an editor has (`debounceMs`).
//!
//! No IO: JSON in, settings out. Each settings message replaces the previous one whole, so a
//! key the editor stops sending falls back to the file.

use crate::config::Config;

/// Milliseconds between an edit and its analysis when the editor does not say.
const DEFAULT_DEBOUNCE_MS: u64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct EditorSettings {
    /// Milliseconds to wait after an edit before analysing; 0 analyses at once.
    pub debounce_ms: u64,
    /// The `.codeward.toml` keys the editor sets (kebab-case, as in the file): they win over
    /// the file. Relative `extra-rules` are still relative to the workspace folder here.
    pub overrides: toml::Table,
}

impl Default for EditorSettings {
    fn default() -> Self {
        EditorSettings {
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            overrides: toml::Table::new(),
        }
    }
}

/// Settings read from the editor, and the keys in them that no version of the file knows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadSettings {
    pub settings: EditorSettings,
    pub unknown: Vec<String>,
}

impl EditorSettings {
    /// Reads settings from a client's JSON; `{"codeward": {...}}` and the bare object are
    /// both accepted, `null` values are taken as unset, and `"sync": true` stands for
    /// `{"enabled": true}`. A value of the wrong kind is an error naming its camelCase key;
    /// an unknown key is only reported, so that a newer editor keeps working.
    pub fn from_json(value: &serde_json::Value) -> Result<ReadSettings, String> {
        let inner = value.get("codeward").unwrap_or(value);
        let serde_json::Value::Object(object) = inner else {
            return match inner {
                serde_json::Value::Null => Ok(ReadSettings {
                    settings: EditorSettings::default(),
                    unknown: Vec::new(),
                }),
                _ => Err("the settings are not an object".to_owned()),
            };
        };
        let mut object = object.clone();
        let debounce_ms = match object.remove("debounceMs") {
            None | Some(serde_json::Value::Null) => DEFAULT_DEBOUNCE_MS,
            Some(value) => value
                .as_u64()
                .ok_or_else(|| format!("debounceMs: `{value}` is not a number of milliseconds"))?,
        };
        if let Some(serde_json::Value::Bool(enabled)) = object.get("sync") {
            let enabled = *enabled;
            object.insert("sync".to_owned(), serde_json::json!({ "enabled": enabled }));
        }
        let mut overrides = table(&object, false)?;
        let unknown = Config::check_overrides(&mut overrides)
            .map_err(|error| format!("{}: {}", camel_case(&error.key), error.message))?;
        Ok(ReadSettings {
            settings: EditorSettings {
                debounce_ms,
                overrides,
            },
            unknown: unknown.iter().map(|key| camel_case(key)).collect(),
        })
    }
}

/// A JSON object as a TOML table with the file's kebab-case keys; the rule ids under
/// `rules.severity` (`ids`) are kept as they are.
fn table(
    object: &serde_json::Map<String, serde_json::Value>,
    ids: bool,
) -> Result<toml::Table, String> {
    let mut table = toml::Table::new();
    for (key, value) in object {
        let name = if ids { key.clone() } else { kebab_case(key) };
        let inner_ids = !ids && name == "severity";
        if let Some(value) =
            toml_value(value, inner_ids).map_err(|error| format!("{key}: {error}"))?
        {
            table.insert(name, value);
        }
    }
    Ok(table)
}

/// `None` for `null`, which leaves the key unset.
fn toml_value(value: &serde_json::Value, ids: bool) -> Result<Option<toml::Value>, String> {
    Ok(Some(match value {
        serde_json::Value::Null => return Ok(None),
        serde_json::Value::Bool(flag) => toml::Value::Boolean(*flag),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(integer), _) => toml::Value::Integer(integer),
            (None, Some(float)) => toml::Value::Float(float),
            (None, None) => return Err(format!("`{number}` is out of range")),
        },
        serde_json::Value::String(text) => toml::Value::String(text.clone()),
        serde_json::Value::Array(items) => toml::Value::Array(
            items
                .iter()
                .filter_map(|item| toml_value(item, false).transpose())
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(object) => toml::Value::Table(table(object, ids)?),
    }))
}

/// `maxFileSize` -> `max-file-size`.
fn kebab_case(key: &str) -> String {
    let mut name = String::with_capacity(key.len() + 4);
    for character in key.chars() {
        if character.is_ascii_uppercase() {
            name.push('-');
            name.push(character.to_ascii_lowercase());
        } else {
            name.push(character);
        }
    }
    name
}

/// `rules.severity.my-rule` as the editor spells it: `max-file-size` -> `maxFileSize`, rule
/// ids kept.
fn camel_case(key: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in key.split('.') {
        if parts.len() == 2 && parts[0] == "rules" && parts[1] == "severity" {
            parts.push(part.to_owned());
            continue;
        }
        let mut name = String::with_capacity(part.len());
        let mut upper = false;
        for character in part.chars() {
            if character == '-' {
                upper = true;
            } else if upper {
                name.push(character.to_ascii_uppercase());
                upper = false;
            } else {
                name.push(character);
            }
        }
        parts.push(name);
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: serde_json::Value, debounce_ms: u64, overrides: &str, unknown: &[&str]) {
        assert_eq!(
            EditorSettings::from_json(&json),
            Ok(ReadSettings {
                settings: EditorSettings {
                    debounce_ms,
                    overrides: toml::from_str(overrides).expect("TOML"),
                },
                unknown: unknown.iter().map(|key| (*key).to_owned()).collect(),
            })
        );
    }

    fn check_error(json: serde_json::Value, expected: &str) {
        assert_eq!(EditorSettings::from_json(&json), Err(expected.to_owned()));
    }

    #[test]
    fn every_key_of_the_file_in_camel_case() {
        check(
            serde_json::json!({"codeward": {
                "debounceMs": 0, "maxFileSize": 64, "minSeverity": "high",
                "ignore": ["vendor/**"], "extraRules": ["team"], "includeTests": true,
                "testPaths": ["qa/**"],
                "rules": {"disable": ["a"], "severity": {"javascriptMathRandom": "low"}},
                "sync": {"enabled": true, "uploadSource": false},
            }}),
            0,
            "max-file-size = 64\nmin-severity = \"high\"\nignore = [\"vendor/**\"]\n\
             extra-rules = [\"team\"]\ninclude-tests = true\ntest-paths = [\"qa/**\"]\n\
             [rules]\ndisable = [\"a\"]\n[rules.severity]\njavascriptMathRandom = \"low\"\n\
             [sync]\nenabled = true\nupload-source = false\n",
            &[],
        );
    }

    #[test]
    fn unset_keys_are_left_to_the_file() {
        check(serde_json::json!(null), 30, "", &[]);
        check(serde_json::json!({}), 30, "", &[]);
        check(
            serde_json::json!({"minSeverity": null, "rules": {"disable": null}}),
            30,
            "[rules]\n",
            &[],
        );
    }

    #[test]
    fn sync_takes_a_flag_or_a_table() {
        check(
            serde_json::json!({"sync": true}),
            30,
            "[sync]\nenabled = true\n",
            &[],
        );
        check(serde_json::json!({"sync": {}}), 30, "[sync]\n", &[]);
    }

    #[test]
    fn unknown_keys_are_dropped_and_named() {
        check(
            serde_json::json!({"futureKey": 1, "rules": {"enable": []}, "minSeverity": "low"}),
            30,
            "min-severity = \"low\"\n[rules]\n",
            &["futureKey", "rules.enable"],
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        check_error(
            serde_json::json!({"minSeverity": "severe"}),
            "minSeverity: `severe` is not a severity: use info, low, medium, high or critical",
        );
        check_error(
            serde_json::json!({"maxFileSize": "big"}),
            "maxFileSize: invalid type: string \"big\", expected u64",
        );
        check_error(
            serde_json::json!({"debounceMs": -1}),
            "debounceMs: `-1` is not a number of milliseconds",
        );
    }
}
