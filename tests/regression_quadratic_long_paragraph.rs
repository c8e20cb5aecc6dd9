//! Found while sizing tests/lsp_abuse.rs: one long paragraph (copy pasted without line breaks)
//! was analysed in time quadratic in its length: in a debug build 400 KB took ~11 s and 800 KB
//! ~48 s, so a few megabytes in one paragraph kept the language server's analysis busy for
//! minutes (release builds are ~10x faster, still quadratic). Fixed in 6e0d596 (0.8 s).
//! Profile before the fix: `paragraph::find_cues` → `subject_before` → `speaker` scanning the
//! paragraph's items for every cue (~55%), `mentions::Paragraph::span` (~24%), `push_mention`'s
//! overlap check (~6%).
//!
//! The paragraph's quotes must all be found and attributed; the time it takes is measured by
//! `cargo bench --bench engine`, not asserted here.

#[test]
fn one_long_paragraph_is_analysed_whole() {
    let sentence = "Maria Lopez, the finance minister, spoke on Tuesday. \"We will not raise taxes,\" Lopez said. ";
    let copies = 800_000 / sentence.len();
    let text = sentence.repeat(copies);
    let a = copydesk::engine::analyze(&text);
    assert_eq!(a.paragraphs.len(), 1);
    assert_eq!(a.quotes.len(), copies);
    assert!(a.quotes.iter().all(|q| q.speaker().is_some()));
}
