//! Engine throughput and per-keystroke cost, on synthetic articles (benches/fixtures, written by
//! benches/fixtures/make_articles.py; all text invented).
//!
//!   cargo bench --bench engine
//!
//! * `analyze/*`: a fresh analysis of a whole article, in bytes per second.
//! * `keystroke/*`: one character typed or deleted in the middle of an article already analysed
//!   by an [`Analyzer`] (alternately), then the incremental re-analysis.
//! * `server_keystroke/*`: what the language server does per keystroke besides I/O: the rope
//!   edit, the text copy, the incremental analysis, the line index (taken over from the last
//!   analysis where the text is unchanged), the checks and their `publishDiagnostics` frame.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use ropey::Rope;

use copydesk::checks::CheckConfig;
use copydesk::engine::{Analyzer, analyze};
use copydesk::position::{Encoding, LineIndex};
use copydesk::server::convert;
use copydesk::server::documents::Analyzed;
use tower_lsp_server::ls_types::Uri;

const ARTICLE_1K: &str = include_str!("fixtures/article-1k.txt");
const ARTICLE_100K: &str = include_str!("fixtures/article-100k.txt");

fn docs() -> Vec<(&'static str, String)> {
    vec![
        ("1k-words", ARTICLE_1K.to_string()),
        ("100k-words", ARTICLE_100K.to_string()),
        // What `lsp_latency.py --doc article-1k.txt --repeat 100` sends.
        (
            "1k-words-x100",
            vec![ARTICLE_1K.trim_matches('\n'); 100].join("\n\n") + "\n",
        ),
    ]
}

/// A byte offset inside a quote near the middle of `text` (right before a closing mark).
fn edit_point(text: &str) -> usize {
    let mid = text.len() / 2;
    text[mid..].find('”').map_or(mid, |i| mid + i)
}

fn analyze_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyze");
    for (name, text) in docs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| analyze(black_box(&text))));
    }
    g.finish();
}

fn keystroke_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("keystroke");
    for (name, text) in docs() {
        let at = edit_point(&text);
        let mut edited = text.clone();
        edited.insert(at, 'x');
        let mut analyzer = Analyzer::new();
        analyzer.analyze(&text);
        let mut flip = false;
        g.bench_function(name, |b| {
            b.iter(|| {
                flip = !flip;
                let t = if flip { &edited } else { &text };
                analyzer.analyze(black_box(t))
            })
        });
    }
    g.finish();
}

fn server_keystroke_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("server_keystroke");
    let config = CheckConfig::default();
    for (name, text) in docs() {
        let at = edit_point(&text);
        let mut rope = Rope::from_str(&text);
        let char_at = rope.byte_to_char(at);
        let mut analyzer = Analyzer::new();
        // The server keeps the last analysis; the next one takes over its line index.
        let mut previous = Analyzed {
            doc: 1,
            version: 0,
            index: LineIndex::new(&text),
            analysis: analyzer.analyze(&text),
            text: text.clone(),
        };
        let uri: Uri = "file:///bench.txt".parse().expect("a URI");
        let mut flip = false;
        g.bench_function(name, |b| {
            b.iter(|| {
                flip = !flip;
                if flip {
                    rope.insert_char(char_at, 'x');
                } else {
                    rope.remove(char_at..char_at + 1);
                }
                let text = String::from(&rope);
                let analysis = analyzer.analyze(&text);
                let index = LineIndex::edited(&previous.index, &previous.text, &text);
                let a = Analyzed {
                    doc: 1,
                    version: 1,
                    text,
                    index,
                    analysis,
                };
                let frame = convert::diagnostics_frame(&a, &config, Encoding::Utf16, &uri, Some(1));
                previous = a;
                frame
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    analyze_bench,
    keystroke_bench,
    server_keystroke_bench
);
/// The shipped binary's allocator and settings, so the benchmark measures what ships.
#[global_allocator]
static GLOBAL: copydesk::alloc::Allocator = copydesk::alloc::Allocator;

/// `criterion_main!` with the allocator configured first, as the binary's `main` does.
fn main() {
    copydesk::alloc::configure();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
