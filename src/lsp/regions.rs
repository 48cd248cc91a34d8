//! Which parts of a document a keystroke's analysis re-scans: the top-level definitions
//! the edits touched, narrowed to the touched members when a definition is a class (a Java
//! file is one class), and what is parsed with them so that they parse as they do in the
//! whole file: the file's imports, and each narrowed class's header and closing line.
//!
//! Byte ranges over the text and the edited syntax tree only: no scanning, no LSP types.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use super::document::EditRecord;
use crate::lang::Language;

/// The regions to scan (whole lines, sorted, apart) and the ranges to parse for them
/// (the regions and their context, whole lines, sorted, apart).
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    pub regions: Vec<Range<usize>>,
    pub parsed: Vec<Range<usize>>,
}

/// The plan for `edits` over `tree`, the tree before the edits with `Tree::edit` applied
/// (its nodes' ranges follow the edits, its structure does not). `None` when the regions
/// cover more than half the text (the whole file is as cheap) or a range would split a
/// character.
pub fn plan(language: Language, tree: &Tree, text: &str, edits: &[EditRecord]) -> Option<Plan> {
    let root = tree.root_node();
    let mut regions: Vec<Range<usize>> = Vec::new();
    let mut context: Vec<Range<usize>> = Vec::new();
    for (dirty_start, dirty_end) in dirty_ranges(edits) {
        let (mut start, mut end) = (dirty_start, dirty_end);
        // The first top-level node ending at or after the dirty start, and those after it
        // that start by its end: found without walking the nodes before.
        let mut touched = root.first_child_for_byte(dirty_start.saturating_sub(1));
        while let Some(child) = touched.filter(|child| child.start_byte() <= dirty_end) {
            touched = child.next_sibling();
            if !touches(child, dirty_start, dirty_end) {
                continue;
            }
            match class_members(child, text, dirty_start, dirty_end) {
                Some(members) => {
                    context.push(members.header);
                    context.extend(members.closing);
                    regions.push(whole_lines(text, members.start, members.end)?);
                }
                None => {
                    start = start.min(child.start_byte());
                    end = end.max(child.end_byte());
                }
            }
        }
        if (start, end) != (dirty_start, dirty_end) || !regions_cover(&regions, start, end) {
            regions.push(whole_lines(text, start, end)?);
        }
    }
    let regions = merge(regions);
    let covered: usize = regions.iter().map(|region| region.end - region.start).sum();
    if regions.is_empty() || covered * 2 > text.len() {
        return None;
    }
    // The file's imports go with them, for rules that ask what a name was imported from.
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        if child.end_byte() >= regions[0].start {
            break;
        }
        if crate::lang::is_import(language, child, text) {
            context.push(whole_lines(text, child.start_byte(), child.end_byte())?);
        }
    }
    context.extend(regions.iter().cloned());
    Some(Plan {
        regions,
        parsed: merge(context),
    })
}

fn touches(node: Node<'_>, start: usize, end: usize) -> bool {
    node.end_byte() >= start && node.start_byte() <= end
}

fn regions_cover(regions: &[Range<usize>], start: usize, end: usize) -> bool {
    regions
        .iter()
        .any(|region| region.start <= start && end <= region.end)
}

/// A class narrowed to the members a dirty range touches.
struct Members {
    /// The bytes to scan: the dirty range and the members it touches.
    start: usize,
    end: usize,
    /// From the class's first line to its body's opening line, and the line that closes
    /// the body: parsed so that the members parse as members.
    header: Range<usize>,
    closing: Option<Range<usize>>,
}

/// `node` narrowed to the members of its class body that `dirty_start..dirty_end`
/// touches; `None` if it is no class or the range reaches outside the body's members
/// (the header, a brace).
fn class_members(
    node: Node<'_>,
    text: &str,
    dirty_start: usize,
    dirty_end: usize,
) -> Option<Members> {
    let class = match node.kind() {
        // Python decorators, JavaScript and TypeScript `export`.
        "decorated_definition" => node.child_by_field_name("definition")?,
        "export_statement" => node.child_by_field_name("declaration")?,
        _ => node,
    };
    if !matches!(
        class.kind(),
        "class_definition"
            | "class_declaration"
            | "abstract_class_declaration"
            | "interface_declaration"
            | "record_declaration"
    ) {
        return None;
    }
    let body = class.child_by_field_name("body")?;
    let (mut start, mut end) = (dirty_start, dirty_end);
    let mut opening = None;
    let mut closing = None;
    let mut cursor = body.walk();
    for member in body.children(&mut cursor) {
        if !member.is_named() {
            // `{` and `}`: an edit touching one changes the body itself.
            if touches(member, dirty_start, dirty_end) {
                return None;
            }
            match member.kind() {
                "{" => opening = Some(member),
                "}" => closing = Some(member),
                _ => {}
            }
            continue;
        }
        if touches(member, dirty_start, dirty_end) {
            start = start.min(member.start_byte());
            end = end.max(member.end_byte());
        }
    }
    let inside = opening.map_or(body.start_byte(), |opening| opening.end_byte());
    let before_closing = closing.map_or(body.end_byte(), |closing| closing.start_byte());
    if start < inside || end > before_closing {
        return None;
    }
    let header_start = line_start(text, node.start_byte())?;
    let header = match opening {
        Some(opening) => whole_lines(text, header_start, opening.end_byte())?,
        // An indented block (Python): the lines before its first statement.
        None => header_start..line_start(text, body.start_byte())?,
    };
    let closing = match closing {
        Some(closing) => Some(whole_lines(text, closing.start_byte(), closing.end_byte())?),
        None => None,
    };
    // A member on the header's or the closing brace's line cannot be parsed apart.
    let members = whole_lines(text, start, end)?;
    if header.is_empty()
        || members.start < header.end
        || closing
            .as_ref()
            .is_some_and(|closing| closing.start < members.end)
    {
        return None;
    }
    Some(Members {
        start,
        end,
        header,
        closing,
    })
}

/// The bytes of the current text that the edits wrote or touched, as sorted ranges apart.
pub fn dirty_ranges(edits: &[EditRecord]) -> Vec<(usize, usize)> {
    let mut dirty: Vec<(usize, usize)> = Vec::new();
    for edit in edits {
        for range in &mut dirty {
            *range = (
                edit.map(range.0).unwrap_or(edit.start),
                edit.map(range.1).unwrap_or(edit.new_end),
            );
        }
        dirty.push((edit.start, edit.new_end));
    }
    merge(dirty.into_iter().map(|(start, end)| start..end).collect())
        .into_iter()
        .map(|range| (range.start, range.end))
        .collect()
}

/// The start of the line holding `byte`; `None` if it is not on a character boundary.
fn line_start(text: &str, byte: usize) -> Option<usize> {
    let byte = byte.min(text.len());
    text.is_char_boundary(byte)
        .then(|| text[..byte].rfind('\n').map_or(0, |newline| newline + 1))
}

/// `start..end` widened to whole lines, the last one's line break included.
/// `None` if an end is not on a character boundary (a tree not yet re-parsed may say so).
pub fn whole_lines(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let end = text[end..]
        .find('\n')
        .map_or(text.len(), |newline| end + newline + 1);
    Some(start..end)
}

/// Sorted, with overlapping or touching ranges joined.
pub fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| range.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(generation: u64, start: usize, old_end: usize, new_end: usize) -> EditRecord {
        EditRecord {
            generation,
            start,
            old_end,
            new_end,
        }
    }

    #[test]
    fn dirty_ranges_follow_later_edits_and_stay_apart() {
        let edits = [
            edit(1, 10, 12, 15),
            edit(2, 100, 100, 101),
            edit(3, 5, 5, 6),
        ];
        assert_eq!(dirty_ranges(&edits), vec![(5, 6), (11, 16), (101, 102)]);
        // An edit over an earlier one swallows it.
        let edits = [edit(1, 10, 10, 12), edit(2, 8, 14, 9)];
        assert_eq!(dirty_ranges(&edits), vec![(8, 9)]);
    }

    #[test]
    fn whole_lines_take_the_line_break_and_refuse_split_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(whole_lines(text, 4, 5), Some(3..8));
        assert_eq!(whole_lines(text, 8, 8), Some(8..9));
        assert_eq!(whole_lines(text, 6, 6), None);
        assert_eq!(merge(vec![5..7, 0..2, 2..3, 6..9]), vec![0..3, 5..9]);
    }

    type Lines = Vec<(usize, usize)>;

    /// The plan for typing one character at the `^` of `marked` (removed): the scanned
    /// and the parsed lines, one-based; `None` for the whole file.
    fn check(language: Language, marked: &str, expected: Option<(Lines, Lines)>) {
        let at = marked.find('^').expect("a ^ marks the edit");
        let before = marked.replacen('^', "", 1);
        let mut tree = crate::engine::parse(language, &before, None).expect("tree");
        let text = format!("{}x{}", &before[..at], &before[at..]);
        let index = crate::text::LineIndex::new(&before);
        let position = index.position(&before, at, crate::text::Encoding::Utf8);
        let point = tree_sitter::Point {
            row: position.line as usize,
            column: position.column as usize,
        };
        tree.edit(&tree_sitter::InputEdit {
            start_byte: at,
            old_end_byte: at,
            new_end_byte: at + 1,
            start_position: point,
            old_end_position: point,
            new_end_position: tree_sitter::Point {
                column: point.column + 1,
                ..point
            },
        });
        let index = crate::text::LineIndex::new(&text);
        let lines = |ranges: &[Range<usize>]| -> Lines {
            ranges
                .iter()
                .map(|range| {
                    (
                        index.line_of(range.start) + 1,
                        index.line_of(range.end - 1) + 1,
                    )
                })
                .collect()
        };
        let plan = plan(language, &tree, &text, &[edit(1, at, at, at + 1)]);
        let found = plan.map(|plan| (lines(&plan.regions), lines(&plan.parsed)));
        assert_eq!(found, expected);
    }

    const JAVA: &str = "package shop;\n\nimport java.sql.Statement;\n\n@Service\npublic class Orders {\n    private String table;\n\n    void audit(Statement st) {\n        st.execute(table);\n    }\n\n    void other() {\n        int a = 1;\n        int b = 2;\n        int c = 3;\n        int d = 4;\n        int e = 5;\n        int f = 6;\n    }\n}\n";

    #[test]
    fn an_edit_in_a_java_method_scans_the_method_with_the_class_header_and_imports() {
        let marked = JAVA.replace("st.execute", "^st.execute");
        let parsed = vec![(1, 1), (3, 3), (5, 6), (9, 11), (21, 21)];
        check(Language::Java, &marked, Some((vec![(9, 11)], parsed)));
    }

    #[test]
    fn an_edit_in_a_class_header_or_between_members_scans_what_it_touched() {
        // The header: the whole class, that is the whole file.
        let marked = JAVA.replace("class Orders", "class ^Orders");
        check(Language::Java, &marked, None);
        // A blank line between members: that line alone.
        let marked = JAVA.replace("    }\n\n    void other", "    }\n^\n    void other");
        let parsed = vec![(1, 1), (3, 3), (5, 6), (12, 12), (21, 21)];
        check(Language::Java, &marked, Some((vec![(12, 12)], parsed)));
    }

    #[test]
    fn an_edit_in_a_python_method_scans_the_method_with_the_class_line() {
        let text = "import os\n\n\nclass Views(Base):\n    \"\"\"Doc.\"\"\"\n\n    @route('/a')\n    def a(self):\n        return os.system(self.name)\n\n    def b(self):\n        x = 1\n        y = 2\n        z = 3\n        w = 4\n        return x\n\n\ndef tail():\n    return 1\n";
        let marked = text.replace("return os", "^return os");
        let parsed = vec![(1, 1), (4, 4), (7, 9)];
        check(Language::Python, &marked, Some((vec![(7, 9)], parsed)));
    }
}
