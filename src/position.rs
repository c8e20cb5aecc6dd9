//! The one place that converts between UTF-8 byte offsets and LSP positions (zero-based line plus
//! a character offset counted in the negotiated encoding), for a [`ropey::Rope`] and for `&str`.
//!
//! Line breaks are the ones LSP knows: `\n`, `\r\n` and a lone `\r` (ropey is built with
//! `cr_lines` and without `unicode_lines`, so U+2028 and NEL are ordinary characters here too).
//!
//! Positions from a client are never trusted. Following the LSP specification they are clamped:
//! a line past the end of the document means the end of the document; a character past the end
//! of its line means the end of that line (before its line break); a character that lands inside
//! a multi-byte character (a UTF-8 byte inside a sequence, a UTF-16 unit inside a surrogate pair)
//! snaps back to the start of that character. Nothing here panics on any input.

use ropey::Rope;

use crate::bytes::shared_ends;

/// How the `character` of a position is counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
    /// Unicode scalar values (chars).
    Utf32,
}

impl Encoding {
    /// The code units `c` takes in this encoding.
    pub fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// The LSP name: `utf-8`, `utf-16`, `utf-32`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        }
    }

    /// Parses an LSP `PositionEncodingKind` name.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    /// Code units of `s` in this encoding.
    pub fn len(self, s: &str) -> usize {
        // Counted on the bytes of valid UTF-8: every char has one leading byte (not 0b10xxxxxx),
        // and the chars that take two UTF-16 units are the four-byte ones (leading byte >= 0xF0).
        let b = s.as_bytes();
        match self {
            Encoding::Utf8 => b.len(),
            Encoding::Utf16 => b.len() - continuation_bytes(b) + four_byte_leads(b),
            Encoding::Utf32 => b.len() - continuation_bytes(b),
        }
    }
}

/// An LSP-style position: zero-based line and a character offset in some [`Encoding`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub character: u32,
}

impl LineCol {
    pub const fn new(line: u32, character: u32) -> Self {
        LineCol { line, character }
    }
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Bytes of the form `0b10xxxxxx` in `b`, eight at a time.
fn continuation_bytes(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Bit 7 set and bit 6 (shifted up to bit 7 of the same byte) clear.
        n += (x & !(x << 1) & HIGH_BITS).count_ones() as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .filter(|&&x| x & 0xC0 == 0x80)
        .count()
}

/// Bytes `>= 0xF0` in `b` (the leading bytes of four-byte chars), eight at a time.
fn four_byte_leads(b: &[u8]) -> usize {
    let mut chunks = b.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Bits 7, 6, 5 and 4 of a byte all set.
        n += (x & (x << 1) & (x << 2) & (x << 3) & HIGH_BITS).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&x| x >= 0xF0).count()
}

fn sat_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Byte offset (within `chars`) reached by walking `target` code units, never past the end of
/// `chars`, snapping back to the start of a char the target lands inside.
fn walk_units(chars: impl Iterator<Item = char>, target: usize, enc: Encoding) -> usize {
    let (mut units, mut bytes) = (0usize, 0usize);
    for c in chars {
        let u = enc.units(c);
        if units + u > target {
            break;
        }
        units += u;
        bytes += c.len_utf8();
    }
    bytes
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

// ---------------------------------------------------------------------------------------------
// Rope

/// Largest char boundary `<= byte`, with `byte` clamped to the rope's length.
pub fn floor_boundary_rope(rope: &Rope, byte: usize) -> usize {
    let byte = byte.min(rope.len_bytes());
    rope.char_to_byte(rope.byte_to_char(byte))
}

/// The zero-based line holding `byte` (clamped to the document).
pub fn line_of_rope(rope: &Rope, byte: usize) -> usize {
    rope.byte_to_line(byte.min(rope.len_bytes()))
}

/// Byte offset of the start of `line`, and of its end before the line break. A line past the end
/// gives the end of the document for both.
fn line_bounds_rope(rope: &Rope, line: usize) -> (usize, usize) {
    if line >= rope.len_lines() {
        let end = rope.len_bytes();
        return (end, end);
    }
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let trailing: usize = slice
        .chars_at(slice.len_chars())
        .reversed()
        .take_while(|c| is_line_break(*c))
        .take(2)
        .map(char::len_utf8)
        .sum();
    (start, start + slice.len_bytes() - trailing)
}

/// The position of byte offset `byte` (clamped to the document, snapped back to a char boundary).
pub fn offset_to_position_rope(rope: &Rope, byte: usize, enc: Encoding) -> LineCol {
    let byte = floor_boundary_rope(rope, byte);
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let character = match enc {
        Encoding::Utf8 => byte - line_start,
        Encoding::Utf32 => rope.byte_to_char(byte) - rope.byte_to_char(line_start),
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(byte))
                - rope.char_to_utf16_cu(rope.byte_to_char(line_start))
        }
    };
    LineCol::new(sat_u32(line), sat_u32(character))
}

/// The byte offset of `pos`, clamped as the LSP specification says (see the module docs).
pub fn position_to_offset_rope(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    let (start, end) = line_bounds_rope(rope, pos.line as usize);
    if start == end {
        return start;
    }
    let chars = rope.byte_slice(start..end).chars();
    start + walk_units(chars, pos.character as usize, enc)
}

// ---------------------------------------------------------------------------------------------
// &str

/// Largest char boundary `<= byte`, with `byte` clamped to the text's length.
pub fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Appends the starts of the lines after the breaks at `bytes[from..to]` (a break's bytes after
/// `to` are read too).
fn push_line_starts(bytes: &[u8], from: usize, to: usize, starts: &mut Vec<usize>) {
    for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to]) {
        let i = from + i;
        match bytes[i] {
            // The `\n` of a `\r\n`: its line started with the `\r`.
            b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => starts.push(i + 2),
            _ => starts.push(i + 1),
        }
    }
}

/// Line starts of a `&str`, for repeated conversions over the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; always holds at least `0`.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        push_line_starts(text.as_bytes(), 0, text.len(), &mut starts);
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The index of `text`, given `old`, the index of `old_text`: the same as
    /// [`LineIndex::new`]`(text)`, but the lines in the stretches both texts share at their start
    /// and at their end are taken over (shifted) instead of searched for again.
    pub fn edited(old: &LineIndex, old_text: &str, text: &str) -> LineIndex {
        let (o, n) = (old_text.as_bytes(), text.as_bytes());
        if old.len != o.len() || old.starts.first() != Some(&0) {
            return LineIndex::new(text);
        }
        let (prefix, suffix) = shared_ends(o, n);
        // A line start depends on the bytes from three before it to itself (`\r\n` and the byte
        // before a `\n`). Old starts up to the byte before the shared start stay; the last of
        // them is a line start, so no break before it makes a start after it, and the search
        // starts there.
        let head = old
            .starts
            .partition_point(|&v| v < prefix.saturating_sub(1))
            .max(1);
        let from = old.starts[head - 1];
        // Old starts three bytes or more inside the shared end stay, shifted.
        let tail = old.starts.partition_point(|&w| w < o.len() - suffix + 3);
        let shift = |w: usize| w + n.len() - o.len();
        let until = old.starts.get(tail).map_or(n.len() + 1, |&w| shift(w));
        let mut starts = Vec::with_capacity(old.starts.len() + 8);
        starts.extend_from_slice(&old.starts[..head]);
        push_line_starts(n, from, until.min(n.len()), &mut starts);
        while starts.last().is_some_and(|&v| v >= until) {
            starts.pop();
        }
        starts.extend(old.starts[tail..].iter().map(|&w| shift(w)));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    pub fn len_lines(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `byte` (clamped to the text).
    pub fn line_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        self.starts.partition_point(|&s| s <= byte) - 1
    }

    fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let Some(&start) = self.starts.get(line) else {
            return (self.len, self.len);
        };
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..next).unwrap_or("");
        let end = start + content.trim_end_matches(is_line_break).len();
        // A lone `\r` at the end of one line must not eat the previous line's content.
        (start, end.max(start))
    }

    /// The position of `byte` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, byte: usize, enc: Encoding) -> LineCol {
        let byte = floor_boundary(text, byte);
        let line = self.line_of(byte);
        let start = self.starts[line].min(byte);
        let character = enc.len(&text[start..byte]);
        LineCol::new(sat_u32(line), sat_u32(character))
    }

    /// The positions of `start` and `end` (`end >= start`), the same as two calls of
    /// [`LineIndex::position`]; when both are on one line, the end is counted on from the start.
    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> (LineCol, LineCol) {
        let from = floor_boundary(text, start);
        let line = self.line_of(from);
        let line_start = self.starts[line].min(from);
        let before = enc.len(&text[line_start..from]);
        let a = LineCol::new(sat_u32(line), sat_u32(before));
        let to = floor_boundary(text, end);
        let same_line = to >= from
            && self.starts[line] <= from
            && self.starts.get(line + 1).is_none_or(|&next| to < next);
        if !same_line {
            return (a, self.position(text, end, enc));
        }
        let character = before + enc.len(&text[from..to]);
        (a, LineCol::new(sat_u32(line), sat_u32(character)))
    }

    /// The byte offset of `pos` in `text`, clamped as the LSP specification says.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let (start, end) = self.line_bounds(text, pos.line as usize);
        match text.get(start..end) {
            Some(line) => start + walk_units(line.chars(), pos.character as usize, enc),
            None => floor_boundary(text, start),
        }
    }
}

/// The position of `byte` in `text`. Builds a [`LineIndex`]; use one directly for many lookups.
pub fn offset_to_position(text: &str, byte: usize, enc: Encoding) -> LineCol {
    LineIndex::new(text).position(text, byte, enc)
}

/// The byte offset of `pos` in `text`, clamped as the LSP specification says.
pub fn position_to_offset(text: &str, pos: LineCol, enc: Encoding) -> usize {
    LineIndex::new(text).offset(text, pos, enc)
}

/// The one-based line number a reader sees for `byte` in `text` (for messages and hovers).
pub fn human_line(text: &str, byte: usize) -> usize {
    LineIndex::new(text).line_of(byte) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use Encoding::*;

    fn both_to_pos(text: &str, byte: usize, enc: Encoding) -> LineCol {
        let a = offset_to_position(text, byte, enc);
        let b = offset_to_position_rope(&Rope::from_str(text), byte, enc);
        assert_eq!(
            a, b,
            "str and rope disagree for {text:?} @ {byte} ({enc:?})"
        );
        a
    }

    fn both_to_off(text: &str, pos: LineCol, enc: Encoding) -> usize {
        let a = position_to_offset(text, pos, enc);
        let b = position_to_offset_rope(&Rope::from_str(text), pos, enc);
        assert_eq!(
            a, b,
            "str and rope disagree for {text:?} @ {pos:?} ({enc:?})"
        );
        assert!(text.is_char_boundary(a));
        a
    }

    #[test]
    fn ascii_round_trip() {
        let text = "one\ntwo\nthree";
        for enc in [Utf8, Utf16, Utf32] {
            assert_eq!(both_to_pos(text, 5, enc), LineCol::new(1, 1));
            assert_eq!(both_to_off(text, LineCol::new(2, 3), enc), 11);
        }
    }

    #[test]
    fn emoji_counts_two_utf16_units_four_bytes() {
        let text = "a😀\"Hi\"";
        let quote = text.find('"').unwrap();
        assert_eq!(quote, 5);
        assert_eq!(both_to_pos(text, quote, Utf16), LineCol::new(0, 3));
        assert_eq!(both_to_pos(text, quote, Utf8), LineCol::new(0, 5));
        assert_eq!(both_to_pos(text, quote, Utf32), LineCol::new(0, 2));
        assert_eq!(both_to_off(text, LineCol::new(0, 3), Utf16), quote);
        assert_eq!(both_to_off(text, LineCol::new(0, 5), Utf8), quote);
    }

    #[test]
    fn inside_a_surrogate_pair_or_utf8_sequence_snaps_back() {
        let text = "a😀b";
        // UTF-16 unit 2 is the low surrogate of the emoji.
        assert_eq!(both_to_off(text, LineCol::new(0, 2), Utf16), 1);
        for b in 2..5 {
            assert_eq!(both_to_off(text, LineCol::new(0, b), Utf8), 1);
            assert_eq!(both_to_pos(text, b as usize, Utf16), LineCol::new(0, 1));
        }
    }

    #[test]
    fn combining_characters_are_separate_code_points() {
        // "e" + COMBINING ACUTE ACCENT (2 bytes, 1 UTF-16 unit).
        let text = "Cafe\u{301} \"x\"";
        let quote = text.find('"').unwrap();
        assert_eq!(quote, 7);
        assert_eq!(both_to_pos(text, quote, Utf16), LineCol::new(0, 6));
        assert_eq!(both_to_pos(text, quote, Utf8), LineCol::new(0, 7));
        assert_eq!(both_to_off(text, LineCol::new(0, 6), Utf16), quote);
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let text = "ab\r\ncd\ref\ngh";
        assert_eq!(both_to_pos(text, 4, Utf16), LineCol::new(1, 0));
        assert_eq!(both_to_pos(text, 7, Utf16), LineCol::new(2, 0));
        assert_eq!(both_to_pos(text, 10, Utf16), LineCol::new(3, 0));
        assert_eq!(both_to_off(text, LineCol::new(1, 1), Utf16), 5);
        assert_eq!(both_to_off(text, LineCol::new(3, 2), Utf16), 12);
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let text = "a\u{2028}b\u{85}c";
        assert_eq!(both_to_pos(text, text.len(), Utf16), LineCol::new(0, 5));
    }

    #[test]
    fn character_past_line_end_clamps_before_the_line_break() {
        let text = "ab\r\ncd\n";
        assert_eq!(both_to_off(text, LineCol::new(0, 99), Utf16), 2);
        assert_eq!(both_to_off(text, LineCol::new(1, u32::MAX), Utf8), 6);
        assert_eq!(both_to_off(text, LineCol::new(2, 5), Utf16), 7);
    }

    #[test]
    fn line_past_end_clamps_to_end_of_document() {
        let text = "ab\ncd";
        assert_eq!(both_to_off(text, LineCol::new(2, 0), Utf16), 5);
        assert_eq!(
            both_to_off(text, LineCol::new(u32::MAX, u32::MAX), Utf16),
            5
        );
        assert_eq!(both_to_off("", LineCol::new(3, 3), Utf8), 0);
    }

    #[test]
    fn offset_past_end_clamps_to_end() {
        let text = "ab\ncd";
        assert_eq!(both_to_pos(text, 999, Utf16), LineCol::new(1, 2));
        assert_eq!(both_to_pos("", 10, Utf16), LineCol::new(0, 0));
    }

    #[test]
    fn every_char_boundary_round_trips() {
        let text = "“A😀\u{301}b”\r\n\r\nx\ry\n\u{2028}é\t😀\n";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for enc in [Utf8, Utf16, Utf32] {
            for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
                if b > 0 && text.as_bytes()[b - 1] == b'\r' && text[b..].starts_with('\n') {
                    continue; // Between the halves of a CRLF: not a position.
                }
                let pos = index.position(text, b, enc);
                assert_eq!(offset_to_position_rope(&rope, b, enc), pos);
                assert_eq!(index.offset(text, pos, enc), b, "{enc:?} @ {b}");
                assert_eq!(position_to_offset_rope(&rope, pos, enc), b, "{enc:?} @ {b}");
            }
        }
    }

    #[test]
    fn arbitrary_positions_never_panic_and_land_on_boundaries() {
        let text = "a😀\r\nb\u{301}\rc\n";
        let rope = Rope::from_str(text);
        for line in [0, 1, 2, 3, 4, 100, u32::MAX] {
            for character in [0, 1, 2, 3, 4, 5, 6, 7, 100, u32::MAX] {
                for enc in [Utf8, Utf16, Utf32] {
                    both_to_off(text, LineCol::new(line, character), enc);
                }
            }
        }
        for b in 0..text.len() + 3 {
            assert_eq!(
                offset_to_position(text, b, Utf16),
                offset_to_position_rope(&rope, b, Utf16)
            );
        }
    }

    #[test]
    fn lengths_counted_on_bytes_match_the_chars() {
        for s in [
            "",
            "abc",
            "é",
            "€",
            "😀",
            "a😀\u{301}b€\r\n",
            "\u{10FFFF}\u{7F}\u{80}\u{7FF}\u{800}",
        ] {
            assert_eq!(Utf16.len(s), s.encode_utf16().count(), "{s:?}");
            assert_eq!(Utf32.len(s), s.chars().count(), "{s:?}");
            assert_eq!(Utf8.len(s), s.len());
        }
    }

    #[test]
    fn human_lines_are_one_based() {
        assert_eq!(human_line("a\nb\r\nc", 5), 3);
        assert_eq!(human_line("a", 0), 1);
    }

    #[test]
    fn a_range_is_two_positions() {
        let text = "a😀b\r\n“c” é\rd\n\n\r\nxyz 😀\n";
        let index = LineIndex::new(text);
        for enc in [Utf8, Utf16, Utf32] {
            for start in 0..=text.len() + 2 {
                for end in start..=text.len() + 2 {
                    assert_eq!(
                        index.range(text, start, end, enc),
                        (
                            index.position(text, start, enc),
                            index.position(text, end, enc)
                        ),
                        "{start}..{end} ({enc:?})"
                    );
                }
            }
        }
    }

    #[test]
    fn units_counted_eight_bytes_at_a_time_match_a_char_count() {
        let pieces = [
            "a", "é", "€", "😀", "\n", "\r", "ü", "𝄞", "\u{7f}", "\u{80}", "\u{ffff}",
        ];
        let mut seed: u64 = 3;
        for _ in 0..3000 {
            let mut s = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for k in 0..(seed >> 58) {
                s.push_str(pieces[((seed >> (k % 40)) % pieces.len() as u64) as usize]);
            }
            assert_eq!(Utf8.len(&s), s.len());
            assert_eq!(Utf16.len(&s), s.encode_utf16().count(), "{s:?}");
            assert_eq!(Utf32.len(&s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn an_edited_index_equals_a_new_one() {
        let pieces = [
            "", "\n", "\r", "\r\n", "\n\n", "a", "é", "😀", "\r\r\n", "ab\ncd",
        ];
        let mut seed: u64 = 11;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        for _ in 0..200 {
            let mut text = String::new();
            let mut index = LineIndex::new(&text);
            for _ in 0..60 {
                let r = next();
                let mut at = r % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + (r >> 8) % 4).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let mut new = text.clone();
                new.replace_range(at..end, pieces[(r >> 12) % pieces.len()]);
                let edited = LineIndex::edited(&index, &text, &new);
                assert_eq!(edited, LineIndex::new(&new), "{text:?} -> {new:?}");
                text = new;
                index = edited;
            }
            // A whole new text (a full-document change), and back.
            let other: String = (0..next() % 12)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let there = LineIndex::edited(&index, &text, &other);
            assert_eq!(there, LineIndex::new(&other), "{text:?} -> {other:?}");
            let back = LineIndex::edited(&there, &other, &text);
            assert_eq!(back, index, "{other:?} -> {text:?}");
        }
    }
}
