//! Found while sizing tests/lsp_abuse.rs: one long paragraph (copy pasted without line breaks)
//! is analysed in time quadratic in its length: in a debug build 400 KB took ~11 s and 800 KB
//! ~48 s, so a few megabytes in one paragraph keep the language server's analysis busy for
//! minutes (release builds are ~10x faster, still quadratic). The profile is in
//! `engine::mentions` / `engine::paragraph` (per-mention `iter().any(..)` / `position(..)` over
//! the paragraph's items and mentions).
//!
//! A generous bound: linear analysis takes a second or two here in a debug build.

use std::time::{Duration, Instant};

#[test]
fn one_long_paragraph_is_analysed_in_linear_time() {
    let sentence = "Maria Lopez, the finance minister, spoke on Tuesday. \"We will not raise taxes,\" Lopez said. ";
    let text = sentence.repeat(800_000 / sentence.len());
    let started = Instant::now();
    let a = copydesk::engine::analyze(&text);
    let took = started.elapsed();
    assert_eq!(a.paragraphs.len(), 1);
    assert!(
        took < Duration::from_secs(20),
        "one paragraph of {} bytes with {} quotes took {took:?}",
        text.len(),
        a.quotes.len()
    );
}
