//! Edit sequences applied to a document as the language server applies them: `didChange`
//! ranges in any encoding (reversed, past the end, inside a surrogate pair) on a rope, mirrored
//! on a `String` through `copydesk::position`. The two texts must agree; after every edit the
//! incremental `Analyzer` (kept across the edits, as the server keeps one per document) must
//! give exactly a fresh analysis of the text, and that analysis must hold every invariant.
#![no_main]

use copydesk::position::{Encoding, LineCol, position_to_offset};
use copydesk::server::documents::apply;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

mod invariants;
mod known_bugs;

#[derive(Arbitrary, Debug)]
struct Edit {
    start: (u8, u8),
    end: (u8, u8),
    text: String,
    /// Replace the whole document instead.
    full: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    initial: String,
    utf8: bool,
    edits: Vec<Edit>,
}

/// Small numbers keep most edits near the text; 255 stands for `u32::MAX`.
fn wide(n: u8) -> u32 {
    if n == u8::MAX { u32::MAX } else { n.into() }
}

fuzz_target!(|input: Input| {
    let enc = if input.utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let mut rope = Rope::from_str(&input.initial);
    let mut text = input.initial.clone();
    let mut analyzer = copydesk::engine::Analyzer::new();
    let Some(_) = known_bugs::guard(|| analyzer.analyze(&text)) else {
        return;
    };
    for e in input.edits.iter().take(32) {
        let range = Range::new(
            Position::new(wide(e.start.0), wide(e.start.1)),
            Position::new(wide(e.end.0), wide(e.end.1)),
        );
        let change = TextDocumentContentChangeEvent {
            range: (!e.full).then_some(range),
            range_length: None,
            text: e.text.clone(),
        };
        apply(&mut rope, &change, enc);
        if e.full {
            text = e.text.clone();
        } else {
            let lc = |p: Position| LineCol::new(p.line, p.character);
            let a = position_to_offset(&text, lc(range.start), enc);
            let b = position_to_offset(&text, lc(range.end), enc);
            text.replace_range(a.min(b)..a.max(b), &e.text);
        }
        assert_eq!(rope.len_bytes(), text.len());
        let Some((fresh, incremental)) =
            known_bugs::guard(|| (copydesk::engine::analyze(&text), analyzer.analyze(&text)))
        else {
            return;
        };
        assert_eq!(
            incremental, fresh,
            "incremental analysis differs from a fresh one"
        );
    }
    assert_eq!(rope.to_string(), text, "rope and string edits diverged");
    let Some(a) = known_bugs::guard(|| copydesk::engine::analyze(&text)) else {
        return;
    };
    invariants::check_analysis(&text, &a);
    assert_eq!(
        a,
        copydesk::engine::analyze(&text),
        "analysis is not deterministic"
    );
});
