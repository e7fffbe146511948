//! Byte offsets ↔ LSP positions. LSP counts a line's characters in UTF-16 code units by
//! default (the only encoding every client supports), so `é` is one unit and `😀` two,
//! while sagespec's spans count bytes. Every conversion goes through [`LineIndex`].

use lsp_types::{Position, Range};

use crate::source::Span;

/// Where each line of a text starts, for converting offsets and positions both ways.
#[derive(Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the lines of `text` (split at `\n`; a `\r` before it belongs to its line).
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Self { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character start).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position { line: to_u32(line), character: to_u32(character) }
    }

    /// The range covering `span`.
    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.offset), end: self.position(span.end()) }
    }

    /// The byte offset of `position`. A line past the end is the end of the text; a
    /// character past the end of its line is the line's end (before its `\r\n`), and one
    /// inside a surrogate pair is the start of that character.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..self.starts.get(position.line as usize + 1).map_or(self.text.len(), |&s| s)];
        let line = line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        let mut units = 0;
        for (at, c) in line.char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + at;
            }
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_units_not_bytes_or_characters() {
        // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units.
        let text = "# é😀\nkey: \"é😀x\"\n";
        let index = LineIndex::new(text);
        let x = text.find('x').expect("x");
        assert_eq!(index.position(x), at(1, 9));
        assert_eq!(index.offset(at(1, 9)), x);
        let after_emoji = text.find('\n').expect("newline");
        assert_eq!(index.position(after_emoji), at(0, 5));
        assert_eq!(index.offset(at(0, 5)), after_emoji);
    }

    #[test]
    fn offsets_and_positions_round_trip_on_every_character_start() {
        let text = "a: é\r\nbb: 😀😀\n\nc: ü";
        let index = LineIndex::new(text);
        // Every character but a `\n`, which LSP counts as no column of its line.
        for (offset, _) in text.char_indices().filter(|(_, c)| *c != '\n') {
            assert_eq!(index.offset(index.position(offset)), offset, "offset {offset}");
        }
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let text = "a: é\r\nb: 1";
        let index = LineIndex::new(text);
        // Past the end of line 0: its end, before `\r\n`.
        assert_eq!(index.offset(at(0, 40)), 5);
        // A line past the end: the end of the text.
        assert_eq!(index.offset(at(9, 0)), text.len());
        // Inside `é`'s bytes: the character's start.
        assert_eq!(index.position(4), at(0, 3));
        assert_eq!(index.position(999), at(1, 4));
        // Inside a surrogate pair: the emoji's start.
        let emoji = "😀x";
        assert_eq!(LineIndex::new(emoji).offset(at(0, 1)), 0);
    }
}
