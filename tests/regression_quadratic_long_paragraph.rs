//! Found while sizing tests/lsp_abuse.rs: one long paragraph (copy pasted without line breaks)
//! was analysed in time quadratic in its length: in a debug build 400 KB took ~11 s and 800 KB
//! ~48 s, so a few megabytes in one paragraph kept the language server's analysis busy for
//! minutes (release builds are ~10x faster, still quadratic). Fixed in 6e0d596 (0.8 s).
//! Profile before the fix: `paragraph::find_cues` → `subject_before` → `speaker` scanning the
//! paragraph's items for every cue (~55%), `mentions::Paragraph::span` (~24%), `push_mention`'s
//! overlap check (~6%).
//!
//! A generous bound: linear analysis takes a second or two here in a debug build. The analysis
//! runs on its own thread so that, should the bug come back, the test fails at the bound instead
//! of waiting for it.

use std::sync::mpsc;
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_secs(20);

#[test]
fn one_long_paragraph_is_analysed_in_linear_time() {
    let sentence = "Maria Lopez, the finance minister, spoke on Tuesday. \"We will not raise taxes,\" Lopez said. ";
    let text = sentence.repeat(800_000 / sentence.len());
    let len = text.len();
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        let a = copydesk::engine::analyze(&text);
        let _ = tx.send((a.paragraphs.len(), a.quotes.len()));
    });
    match rx.recv_timeout(BOUND) {
        Ok((paragraphs, quotes)) => {
            assert_eq!(paragraphs, 1);
            assert!(quotes > 0, "no quotes found");
            assert!(started.elapsed() < BOUND);
        }
        Err(_) => panic!("one paragraph of {len} bytes took more than {BOUND:?}"),
    }
}
