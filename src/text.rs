//! Text positions: byte offsets, lines and columns, over a `&str` or a rope.
//!
//! The only place that converts between UTF-8 byte columns and UTF-16 or UTF-32 code-unit
//! columns. Every conversion clamps: a position past the end of a line or of the text lands
//! on the nearest valid character boundary instead of failing. No IO, no LSP types.

/// How a column counts characters: bytes of UTF-8, UTF-16 code units or code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and column; the column counts in the encoding it was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Byte offsets of line starts, for turning offsets into positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text).map(|index| index + 1));
        Self {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a line without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.line_starts.get(line) else {
            return self.len..self.len;
        };
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The text of a line without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        &text[self.line_range(text, line)]
    }

    /// Position of a byte offset, with the column counted in `encoding`.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let prefix = &text[self.line_starts[line]..offset];
        Position {
            line: line as u32,
            column: column_width(prefix, encoding),
        }
    }

    /// Byte offset of a position whose column counts in `encoding`. A column past the end of
    /// the line clamps to the line end; a line past the end clamps to the end of the text; a
    /// column inside a character clamps to that character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.clone()];
        let wanted = position.column as usize;
        let mut counted = 0usize;
        for (index, character) in line_text.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => character.len_utf8(),
                Encoding::Utf16 => character.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if counted + width > wanted {
                return range.start + index;
            }
            counted += width;
        }
        range.end
    }
}

impl LineIndex {
    /// Follows a replacement of bytes `start..old_end` by `inserted`, without reading the
    /// rest of the text: what a keystroke costs is what it wrote.
    pub fn replace(&mut self, start: usize, old_end: usize, inserted: &str) {
        // Line starts in `start + 1..=old_end` follow line breaks that were replaced.
        let first = self.line_starts.partition_point(|&line| line <= start);
        let last = self.line_starts.partition_point(|&line| line <= old_end);
        let (removed, added) = (old_end - start, inserted.len());
        for line in &mut self.line_starts[last..] {
            *line = *line - removed + added;
        }
        self.line_starts.splice(
            first..last,
            memchr_newlines(inserted).map(|index| start + index + 1),
        );
        self.len = self.len - removed + added;
    }
}

/// A text in one piece with its line index, edited in place: what the engine reads.
#[derive(Debug, Clone)]
pub struct IndexedText {
    pub text: String,
    pub index: LineIndex,
}

impl IndexedText {
    pub fn new(text: &str) -> IndexedText {
        IndexedText {
            text: text.to_owned(),
            index: LineIndex::new(text),
        }
    }

    /// Replaces bytes `start..old_end` (on character boundaries) by `inserted`.
    pub fn replace(&mut self, start: usize, old_end: usize, inserted: &str) {
        self.text.replace_range(start..old_end, inserted);
        self.index.replace(start, old_end, inserted);
    }
}

/// Byte offset in a rope of a position whose column counts in `encoding`; clamps like
/// `LineIndex::offset`.
pub fn rope_offset(rope: &ropey::Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let mut offset = rope.line_to_byte(line);
    let wanted = position.column as usize;
    let mut counted = 0usize;
    for character in rope.line(line).chars() {
        if character == '\n' || character == '\r' {
            break;
        }
        let width = char_width(character, encoding);
        if counted + width > wanted {
            break;
        }
        counted += width;
        offset += character.len_utf8();
    }
    offset
}

/// Position in a rope of a byte offset (clamped to a char boundary at or before it).
pub fn rope_position(rope: &ropey::Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let mut column = 0usize;
    let mut at = line_start;
    for character in rope.line(line).chars() {
        if at + character.len_utf8() > offset {
            break;
        }
        at += character.len_utf8();
        column += char_width(character, encoding);
    }
    Position {
        line: line as u32,
        column: column as u32,
    }
}

fn char_width(character: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => character.len_utf8(),
        Encoding::Utf16 => character.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b'\n')
        .map(|(index, _)| index)
}

fn column_width(prefix: &str, encoding: Encoding) -> u32 {
    let width = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => prefix.chars().count(),
    };
    width as u32
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a = 1\n名前 = \"😀x\"\r\nlast";

    fn check_position(offset: usize, encoding: Encoding, expected: (u32, u32)) {
        let index = LineIndex::new(TEXT);
        let position = index.position(TEXT, offset, encoding);
        assert_eq!((position.line, position.column), expected);
        assert_eq!(index.offset(TEXT, position, encoding), offset);
    }

    #[test]
    fn ascii_line() {
        check_position(4, Encoding::Utf16, (0, 4));
    }

    #[test]
    fn cjk_counts_one_utf16_unit_three_bytes() {
        // "名前 = " is 6 + 3 bytes; the quote follows.
        check_position(6 + 9, Encoding::Utf8, (1, 9));
        check_position(6 + 9, Encoding::Utf16, (1, 5));
        check_position(6 + 9, Encoding::Utf32, (1, 5));
    }

    #[test]
    fn emoji_counts_two_utf16_units() {
        // The 'x' after the emoji: bytes 6+4+4 = 14 on the line.
        check_position(6 + 14, Encoding::Utf8, (1, 14));
        check_position(6 + 14, Encoding::Utf16, (1, 8));
        check_position(6 + 14, Encoding::Utf32, (1, 7));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let index = LineIndex::new(TEXT);
        let line_end = index.line_range(TEXT, 1).end;
        let past = Position {
            line: 1,
            column: 99,
        };
        assert_eq!(index.offset(TEXT, past, Encoding::Utf16), line_end);
        let far = Position { line: 9, column: 0 };
        assert_eq!(index.offset(TEXT, far, Encoding::Utf16), TEXT.len());
        // Inside the surrogate pair of the emoji: clamps to the emoji's start.
        let inside = Position { line: 1, column: 7 };
        assert_eq!(index.offset(TEXT, inside, Encoding::Utf16), 6 + 10);
    }

    #[test]
    fn an_edited_line_index_equals_a_new_one() {
        let mut text = IndexedText::new(TEXT);
        // (start, old_end, inserted): within a line, across a CRLF, over the emoji, at both
        // ends, and a deletion of everything.
        let edits = [
            (2, 3, "名\n前\n"),
            (9, 20, ""),
            (0, 0, "😀\r\n"),
            (usize::MAX, usize::MAX, "\nend"),
            (4, 8, "x\n\ny"),
        ];
        for (start, old_end, inserted) in edits {
            let (start, old_end) = (
                floor_char_boundary(&text.text, start),
                floor_char_boundary(&text.text, old_end),
            );
            text.replace(start, old_end, inserted);
            let fresh = LineIndex::new(&text.text);
            assert_eq!(text.index.line_starts, fresh.line_starts, "{:?}", text.text);
            assert_eq!(text.index.len, fresh.len);
        }
        let end = text.text.len();
        text.replace(0, end, "");
        assert_eq!(text.index.line_starts, vec![0]);
        assert_eq!(text.index.len, 0);
    }

    #[test]
    fn rope_conversions_agree_with_the_line_index() {
        let rope = ropey::Rope::from_str(TEXT);
        let index = LineIndex::new(TEXT);
        for offset in (0..=TEXT.len()).filter(|offset| TEXT.is_char_boundary(*offset)) {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let position = index.position(TEXT, offset, encoding);
                assert_eq!(rope_position(&rope, offset, encoding), position, "{offset}");
                assert_eq!(
                    rope_offset(&rope, position, encoding),
                    index.offset(TEXT, position, encoding)
                );
            }
        }
        let past = Position {
            line: 1,
            column: 99,
        };
        assert_eq!(
            rope_offset(&rope, past, Encoding::Utf16),
            index.line_range(TEXT, 1).end
        );
        assert_eq!(
            rope_offset(&rope, Position { line: 7, column: 0 }, Encoding::Utf8),
            TEXT.len()
        );
    }

    #[test]
    fn line_text_drops_crlf() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.line_text(TEXT, 1), "名前 = \"😀x\"");
        assert_eq!(index.line_text(TEXT, 2), "last");
        assert_eq!(index.line_count(), 3);
    }
}
