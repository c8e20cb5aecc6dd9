//! Position conversion on arbitrary text and positions: never panics, `&str` and rope agree,
//! results land on char boundaries inside the text, and conversions round-trip.
#![no_main]

use copydesk::position::*;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    probes: Vec<(u32, u32, u32)>,
}

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

fn between_crlf(text: &str, b: usize) -> bool {
    b > 0 && b < text.len() && text.as_bytes()[b - 1] == b'\r' && text.as_bytes()[b] == b'\n'
}

fuzz_target!(|input: Input| {
    let text = input.text.as_str();
    let rope = Rope::from_str(text);
    let index = LineIndex::new(text);
    assert_eq!(index.len_lines(), rope.len_lines(), "line counts differ");
    for &(line, character, byte) in input.probes.iter().take(64) {
        // Keep probes mostly near the text, with the occasional huge one.
        let small_line = if line > 1 << 30 {
            line
        } else {
            line % (rope.len_lines() as u32 + 2)
        };
        let small_byte = if byte > 1 << 30 {
            byte as usize
        } else {
            byte as usize % (text.len() + 3)
        };
        for enc in ENCODINGS {
            // Position -> offset.
            for pos in [
                LineCol::new(line, character),
                LineCol::new(small_line, character % 64),
            ] {
                let a = index.offset(text, pos, enc);
                let b = position_to_offset_rope(&rope, pos, enc);
                let c = position_to_offset(text, pos, enc);
                assert_eq!(a, b, "str and rope disagree on {pos:?} ({enc:?})");
                assert_eq!(a, c);
                assert!(a <= text.len() && text.is_char_boundary(a));
                // The clamped offset is a fixed point.
                let p = index.position(text, a, enc);
                assert_eq!(index.offset(text, p, enc), a, "{pos:?} -> {a} -> {p:?}");
            }
            // Offset -> position.
            let p = index.position(text, small_byte, enc);
            assert_eq!(
                p,
                offset_to_position_rope(&rope, small_byte, enc),
                "@{small_byte}"
            );
            assert_eq!(p, offset_to_position(text, small_byte, enc));
            let floor = floor_boundary(text, small_byte);
            assert_eq!(floor, floor_boundary_rope(&rope, small_byte));
            if !between_crlf(text, floor) {
                assert_eq!(index.offset(text, p, enc), floor, "round trip of {floor}");
                assert_eq!(position_to_offset_rope(&rope, p, enc), floor);
            }
            assert_eq!(index.line_of(small_byte), line_of_rope(&rope, small_byte));
            assert_eq!(human_line(text, small_byte), index.line_of(small_byte) + 1);
            let _ = index.position(text, byte as usize, enc);
        }
    }
});
