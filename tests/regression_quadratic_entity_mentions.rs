//! Found by tests/lsp_abuse.rs (`ten_megabyte_document`): an article that mentions one person
//! very often took time quadratic in the number of mentions, because every linked mention was
//! checked against all of that entity's earlier mentions (`e.mentions.contains(..)` in
//! `engine::resolve`). 10 MB of copy took ~43 s in a release build and >10 minutes in debug.
//!
//! A generous bound: with linear resolution this takes a few seconds in a debug build.

use std::time::{Duration, Instant};

#[test]
fn many_mentions_of_one_person_resolve_in_linear_time() {
    let para = "Maria Lopez, the finance minister, spoke on Tuesday.\n\n\"We will not raise taxes,\" Lopez said.\n\n";
    let text = para.repeat((3 << 20) / para.len());
    let started = Instant::now();
    let a = copydesk::engine::analyze(&text);
    let took = started.elapsed();
    let lopez = a
        .entities
        .iter()
        .map(|e| e.mentions.len())
        .max()
        .unwrap_or(0);
    assert!(lopez > 50_000, "{lopez} mentions");
    assert!(
        took < Duration::from_secs(30),
        "3 MB with {lopez} mentions of one person took {took:?}"
    );
}
