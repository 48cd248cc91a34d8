//! One open document: its rope, its syntax tree kept in step with every edit, and the
//! generation that tells a stale analysis from a current one.

use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use crate::engine::CancelToken;
use crate::lang::Language;
use crate::text::{self, Encoding, IndexedText, Position};

use super::convert::Published;

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    /// The same text in one piece with its line index, edited in step with the rope: the
    /// engine reads contiguous text, and copying the rope out for every keystroke cost
    /// more than analysing the edited definition. Shared with a running analysis (copied
    /// on write only if an edit arrives meanwhile).
    pub text: Arc<IndexedText>,
    pub tree: Option<Tree>,
    pub version: i32,
    pub language: Option<Language>,
    /// The path used in fingerprints: relative to the workspace root when inside one.
    pub path: String,
    /// Bumped by every change; an analysis result is kept only for its own generation.
    pub generation: u64,
    /// Cancels the analysis running for an older generation.
    pub cancel: CancelToken,
    /// The last analysis result, for hovers, code actions and pull requests.
    pub published: Option<Published>,
    /// The `Published::sequence` of the result last pushed to the client (`lsp::publish`).
    pub pushed: Option<u64>,
    /// The last analysis, and the edits made since: what a keystroke's analysis of the
    /// edited definition is merged into.
    pub baseline: Option<Baseline>,
    pub edits: Vec<EditRecord>,
    /// A whole-file analysis is catching up behind the quick ones: never two at once.
    pub catching_up: bool,
}

/// The findings of the last analysis and the generation they belong to.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub generation: u64,
    pub findings: Arc<Vec<crate::engine::Finding>>,
    /// From a whole-file analysis; otherwise from a quick one, whose findings outside the
    /// edited definitions were carried over and may miss flows across definitions.
    pub whole: bool,
}

/// One range replacement: bytes `start..old_end` became `start..new_end`, in the
/// generation that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditRecord {
    pub generation: u64,
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl EditRecord {
    /// Where a byte offset from before this edit is after it (`None`: inside the edit).
    pub fn map(&self, byte: usize) -> Option<usize> {
        if byte <= self.start {
            Some(byte)
        } else if byte >= self.old_end {
            Some(byte - self.old_end + self.new_end)
        } else {
            None
        }
    }
}

impl Document {
    pub fn new(text: &str, version: i32, language: Option<Language>, path: String) -> Document {
        Document {
            rope: Rope::from_str(text),
            text: Arc::new(IndexedText::new(text)),
            tree: None,
            version,
            language,
            path,
            generation: 0,
            cancel: CancelToken::new(),
            published: None,
            pushed: None,
            baseline: None,
            edits: Vec::new(),
            catching_up: false,
        }
    }

    /// Applies one content change: a range replacement, or the whole text when `range` is
    /// `None`. The tree is edited in step so the next parse can reuse it.
    pub fn apply_change(
        &mut self,
        range: Option<(Position, Position)>,
        new_text: &str,
        encoding: Encoding,
    ) {
        let Some((start, end)) = range else {
            self.rope = Rope::from_str(new_text);
            self.text = Arc::new(IndexedText::new(new_text));
            self.tree = None;
            self.baseline = None;
            self.edits.clear();
            return;
        };
        let start_byte = text::rope_offset(&self.rope, start, encoding);
        let old_end_byte = text::rope_offset(&self.rope, end, encoding).max(start_byte);
        let start_point = self.point(start_byte);
        let old_end_point = self.point(old_end_byte);
        let start_char = self.rope.byte_to_char(start_byte);
        let end_char = self.rope.byte_to_char(old_end_byte);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        Arc::make_mut(&mut self.text).replace(start_byte, old_end_byte, new_text);
        let new_end_byte = start_byte + new_text.len();
        let new_end_point = self.point(new_end_byte);
        self.edits.push(EditRecord {
            generation: self.generation + 1,
            start: start_byte,
            old_end: old_end_byte,
            new_end: new_end_byte,
        });
        if let Some(tree) = &mut self.tree {
            tree.edit(&InputEdit {
                start_byte,
                old_end_byte,
                new_end_byte,
                start_position: start_point,
                old_end_position: old_end_point,
                new_end_position: new_end_point,
            });
        }
    }

    /// Tree-sitter's point (row, byte column) of a byte offset.
    fn point(&self, byte: usize) -> Point {
        let byte = byte.min(self.rope.len_bytes());
        let row = self.rope.byte_to_line(byte);
        Point {
            row,
            column: byte - self.rope.line_to_byte(row),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn incremental_edits_with_non_ascii_text_keep_tree_and_text_in_step() {
        let source = "name = '名前'\nx = hashlib.md5(b'😀')\n";
        let mut document = Document::new(source, 1, Some(Language::Python), "a.py".to_owned());
        document.tree = crate::engine::parse(Language::Python, source, None);
        // Replace `md5` (UTF-16 columns: `x = hashlib.` is 12 units).
        document.apply_change(
            Some((position(1, 12), position(1, 15))),
            "sha256",
            Encoding::Utf16,
        );
        // Insert after the emoji (2 UTF-16 units) inside the bytes literal.
        document.apply_change(
            Some((position(1, 23), position(1, 23))),
            "!",
            Encoding::Utf16,
        );
        let text = document.rope.to_string();
        assert_eq!(text, "name = '名前'\nx = hashlib.sha256(b'😀!')\n");
        assert_eq!(document.text.text, text);
        assert_eq!(
            document.text.index.line_count(),
            crate::text::LineIndex::new(&text).line_count()
        );
        let reparsed =
            crate::engine::parse(Language::Python, &text, document.tree.as_ref()).expect("tree");
        let fresh = crate::engine::parse(Language::Python, &text, None).expect("tree");
        assert_eq!(reparsed.root_node().to_sexp(), fresh.root_node().to_sexp());
    }

    #[test]
    fn full_replacement_drops_the_tree() {
        let mut document = Document::new("a = 1", 1, Some(Language::Python), "a.py".to_owned());
        document.tree = crate::engine::parse(Language::Python, "a = 1", None);
        document.apply_change(None, "b = 2", Encoding::Utf16);
        assert_eq!(document.rope.to_string(), "b = 2");
        assert_eq!(document.text.text, "b = 2");
        assert!(document.tree.is_none());
    }
}
