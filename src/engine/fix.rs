//! Quick fixes: a rule's template filled in with the text of the match's captures, and
//! edits applied to a text.
//!
//! No checking here: whether a fix parses and clears the finding is checked by the caller
//! that re-scans (the fixture tests and the language server).

use crate::rules::{FixTemplate, Selector};

use super::pattern::{Match, node_text};
use super::{Edit, Fix};

/// The fix for one match, or `None` if the target capture is absent from it.
pub fn instantiate(
    template: &FixTemplate,
    selector: &Selector,
    found: &Match<'_>,
    text: &str,
) -> Option<Fix> {
    let target = match &template.target {
        Some(name) => found.capture(selector.part.capture_index(name)?)?,
        None => found.focus,
    };
    let mut replacement = String::new();
    let mut rest = template.template.as_str();
    while let Some(index) = rest.find('$') {
        replacement.push_str(&rest[..index]);
        rest = &rest[index + 1..];
        let end = rest
            .find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        if name.is_empty() {
            replacement.push('$');
        } else {
            let node = found.capture(selector.part.capture_index(name)?)?;
            replacement.push_str(node_text(node, text));
        }
        rest = &rest[end..];
    }
    replacement.push_str(rest);
    Some(Fix {
        description: template.description.clone(),
        edits: vec![Edit {
            start_byte: target.start_byte(),
            end_byte: target.end_byte(),
            replacement,
        }],
    })
}

/// Applies non-overlapping edits to `text`; overlapping ones after the first are skipped.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.start_byte, edit.end_byte));
    let mut result = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in sorted {
        if edit.start_byte < cursor || edit.end_byte > text.len() {
            continue;
        }
        result.push_str(&text[cursor..edit.start_byte]);
        result.push_str(&edit.replacement);
        cursor = edit.end_byte;
    }
    result.push_str(&text[cursor..]);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start_byte: usize, end_byte: usize, replacement: &str) -> Edit {
        Edit {
            start_byte,
            end_byte,
            replacement: replacement.to_owned(),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let edits = [edit(6, 9, "sha256"), edit(0, 1, "h"), edit(7, 8, "x")];
        assert_eq!(apply("H = a.md5(x)", &edits), "h = a.sha256(x)");
    }
}
