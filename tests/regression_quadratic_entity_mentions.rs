//! Found by tests/lsp_abuse.rs (`ten_megabyte_document`): an article that mentions one person
//! very often took time quadratic in the number of mentions, because every linked mention was
//! checked against all of that entity's earlier mentions (`e.mentions.contains(..)` in
//! `engine::resolve`). 10 MB of copy took ~43 s in a release build and >10 minutes in debug.
//!
//! What a user notices is kept here (every mention is linked to the one person); the time it
//! takes is measured by `cargo bench --bench engine` (`analyze/1k-words-x100`), not asserted.

#[test]
fn many_mentions_of_one_person_all_link_to_her() {
    let para = "Maria Lopez, the finance minister, spoke on Tuesday.\n\n\"We will not raise taxes,\" Lopez said.\n\n";
    let text = para.repeat((3 << 20) / para.len());
    let a = copydesk::engine::analyze(&text);
    let lopez = a
        .entities
        .iter()
        .map(|e| e.mentions.len())
        .max()
        .unwrap_or(0);
    assert!(lopez > 50_000, "{lopez} mentions");
    assert!(a.quotes.iter().all(|q| q.speaker().is_some()));
}
