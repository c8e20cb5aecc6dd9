//! Property tests (proptest): every span the engine reports lies inside the text on char
//! boundaries, analysis is deterministic, the incremental `Analyzer` always agrees with a fresh
//! analysis, and byte/UTF-8/UTF-16/UTF-32 position conversions round-trip and agree between
//! `&str` and rope. The span invariants are the ones the fuzz
//! targets assert (`fuzz/fuzz_targets/invariants.rs`, shared verbatim).

#[path = "../fuzz/fuzz_targets/invariants.rs"]
mod invariants;

use copydesk::engine::analyze;
use copydesk::position::*;
use proptest::prelude::*;
use ropey::Rope;

/// Pieces of copy that exercise the engine: every kind of quotation mark, names, cues, roles,
/// pronouns, paragraph breaks in every line-break style, and multi-byte text.
const PIECES: &[&str] = &[
    "\"",
    "\u{201C}",
    "\u{201D}",
    "'",
    "\u{2018}",
    "\u{2019}",
    "''",
    "``",
    "\u{AB}",
    "\u{BB}",
    "\u{201E}",
    " ",
    " ",
    " ",
    ", ",
    ". ",
    ": ",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "said",
    " said ",
    "told reporters",
    "according to ",
    "added",
    "he",
    "she",
    "they",
    "Jen Psaki",
    "Psaki",
    "Maria Lopez",
    "Lopez",
    "the minister",
    "the State Department",
    "a senior official",
    "sources",
    "We will win",
    "It is over",
    "no",
    "Mr. ",
    "Dr. ",
    "\u{1F600}",
    "e\u{301}",
    "\u{2028}",
    "\u{85}",
    "\t",
    "\u{0}",
    "\u{FEFF}",
    "\u{10FFFF}",
    "ß",
    "İ",
    "—",
    "…",
    "-",
    "(",
    ")",
    "#",
    "`",
    "```\n",
    "[link](http://x) ",
    "<!-- c -->",
    "---\n",
];

fn copy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|v| v.concat())
}

/// Newsy copy most of the time, arbitrary Unicode some of the time.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![4 => copy(), 1 => any::<String>()]
}

/// `PROPTEST_CASES` from the environment for a longer run, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// Up to ~32 char boundaries of `text`, spread over it, always with both ends (every one
/// would make each case quadratic in the text's length).
fn sample_boundaries(text: &str) -> Vec<usize> {
    let all: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let step = all.len().div_ceil(32).max(1);
    all.into_iter().step_by(step).chain([text.len()]).collect()
}

fn between_crlf(text: &str, b: usize) -> bool {
    b > 0 && b < text.len() && text.as_bytes()[b - 1] == b'\r' && text.as_bytes()[b] == b'\n'
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn spans_are_inside_the_text_on_char_boundaries(text in any_text()) {
        let a = analyze(&text);
        invariants::check_analysis(&text, &a);
        let masked = copydesk::markdown::mask(&text);
        prop_assert_eq!(masked.len(), text.len());
        let m = analyze(&masked);
        // The server and the CLI use spans of the masked analysis on the unmasked text.
        invariants::check_analysis(&text, &m);
    }

    #[test]
    fn analysis_is_deterministic(text in any_text()) {
        prop_assert_eq!(analyze(&text), analyze(&text));
        let owned = text.clone();
        let other = std::thread::spawn(move || analyze(&owned)).join().unwrap();
        prop_assert_eq!(analyze(&text), other);
    }

    #[test]
    fn every_boundary_round_trips_in_every_encoding(text in any_text()) {
        let rope = Rope::from_str(&text);
        let index = LineIndex::new(&text);
        for enc in ENCODINGS {
            for b in sample_boundaries(&text) {
                let p = index.position(&text, b, enc);
                prop_assert_eq!(p, offset_to_position_rope(&rope, b, enc));
                // The character count is the code units from the line start, in `enc`.
                let line_start = index.offset(&text, LineCol::new(p.line, 0), enc);
                prop_assert_eq!(p.character as usize, enc.len(&text[line_start..b]));
                if between_crlf(&text, b) {
                    continue; // Between the halves of a CRLF: not a position.
                }
                prop_assert_eq!(index.offset(&text, p, enc), b);
                prop_assert_eq!(position_to_offset_rope(&rope, p, enc), b);
            }
        }
    }

    #[test]
    fn utf16_and_utf8_positions_name_the_same_offset(text in any_text()) {
        let index = LineIndex::new(&text);
        for b in sample_boundaries(&text) {
            if between_crlf(&text, b) {
                continue;
            }
            let p8 = index.position(&text, b, Encoding::Utf8);
            let p16 = index.position(&text, b, Encoding::Utf16);
            let p32 = index.position(&text, b, Encoding::Utf32);
            prop_assert_eq!(p8.line, p16.line);
            prop_assert_eq!(p16.line, p32.line);
            prop_assert!(p32.character <= p16.character && p16.character <= p8.character);
            prop_assert_eq!(index.offset(&text, p16, Encoding::Utf16), index.offset(&text, p8, Encoding::Utf8));
        }
    }

    #[test]
    fn arbitrary_positions_clamp_onto_boundaries(
        text in any_text(),
        probes in prop::collection::vec((any::<u32>(), any::<u32>(), 0u32..8, 0u32..200), 1..20),
    ) {
        let rope = Rope::from_str(&text);
        let index = LineIndex::new(&text);
        for (line, character, small_line, small_char) in probes {
            for pos in [LineCol::new(line, character), LineCol::new(small_line, small_char)] {
                for enc in ENCODINGS {
                    let off = index.offset(&text, pos, enc);
                    prop_assert!(off <= text.len() && text.is_char_boundary(off));
                    prop_assert_eq!(off, position_to_offset_rope(&rope, pos, enc));
                    // Clamped offsets are fixed points of the round trip.
                    let back = index.position(&text, off, enc);
                    prop_assert_eq!(index.offset(&text, back, enc), off);
                }
            }
        }
    }

    #[test]
    fn arbitrary_byte_offsets_snap_back(text in any_text(), bytes in prop::collection::vec(any::<usize>(), 1..20)) {
        let rope = Rope::from_str(&text);
        for byte in bytes {
            let small = byte % (text.len() + 4);
            for b in [byte, small] {
                let f = floor_boundary(&text, b);
                prop_assert!(f <= b.min(text.len()) && text.is_char_boundary(f));
                prop_assert_eq!(f, floor_boundary_rope(&rope, b));
                for enc in ENCODINGS {
                    prop_assert_eq!(offset_to_position(&text, b, enc), offset_to_position_rope(&rope, b, enc));
                }
            }
        }
    }
}

proptest! {
    // Each case analyses up to 13 versions twice: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(cases(100)))]

    #[test]
    fn incremental_analysis_equals_a_fresh_one_after_every_edit(
        start in copy(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..24, prop::sample::select(PIECES)), 1..12),
    ) {
        let mut text = start;
        let mut analyzer = copydesk::engine::Analyzer::new();
        prop_assert_eq!(analyzer.analyze(&text), analyze(&text));
        for (at, delete, piece) in edits {
            let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            let i = at.index(bounds.len());
            let (a, b) = (bounds[i], bounds[(i + delete).min(bounds.len() - 1)]);
            text.replace_range(a..b, piece);
            prop_assert_eq!(analyzer.analyze(&text), analyze(&text), "after editing to {:?}", text);
        }
    }

    /// The same with an analysis of every version stopped after its probe said no `k` times
    /// first (among the paragraphs, in the document pass, or never): the next analysis still
    /// equals a fresh one.
    #[test]
    fn incremental_analysis_after_a_cancelled_one_equals_a_fresh_one(
        start in copy(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..24, prop::sample::select(PIECES), 0usize..12, any::<bool>()), 1..12),
    ) {
        let mut text = start;
        let mut analyzer = copydesk::engine::Analyzer::new();
        prop_assert_eq!(analyzer.analyze(&text), analyze(&text));
        for (at, delete, piece, k, check) in edits {
            let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            let i = at.index(bounds.len());
            let (a, b) = (bounds[i], bounds[(i + delete).min(bounds.len() - 1)]);
            text.replace_range(a..b, piece);
            let asked = std::cell::Cell::new(0);
            let probe = || {
                asked.set(asked.get() + 1);
                asked.get() > k
            };
            if let Ok(a) = analyzer.analyze_cancellable(&text, &probe) {
                prop_assert_eq!(a, analyze(&text), "a finished analysis of {:?}", text);
            }
            if check {
                prop_assert_eq!(analyzer.analyze(&text), analyze(&text), "after a cancelled analysis of {:?}", text);
            }
        }
        prop_assert_eq!(analyzer.analyze(&text), analyze(&text), "at the end: {:?}", text);
    }
}
