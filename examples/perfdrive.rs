//! A small driver for instruction-count profiles (`valgrind --tool=callgrind`), which stay
//! repeatable on a shared, loaded machine where wall-clock benchmarks do not.
//!
//!   cargo build --release --example perfdrive
//!   valgrind --tool=callgrind --toggle-collect='perfdrive::run*' \
//!     target/release/examples/perfdrive MODE FILE [N]
//!
//! MODE is `analyze` (N fresh analyses), `keystroke` (N edits in the middle of the text, each
//! followed by `Analyzer::analyze`) or `server` (N edits through what the language server does
//! per keystroke: rope edit, text copy, analysis stopped if an atomic holds a newer version, line
//! index, diagnostics and their JSON frame). `--repeat K` joins K copies of FILE with blank
//! lines, as `lsp_latency.py --repeat` does. The edit types an `x` before the first closing mark
//! past the middle and deletes it again; with `--mark` it deletes and restores the closing mark
//! after punctuation nearest the middle, as `lsp_latency.py` does, which re-pairs the quotes of
//! its paragraph. Setup and the first analysis are not counted.

use std::hint::black_box;
use std::sync::atomic::{AtomicI32, Ordering};

use copydesk::checks::CheckConfig;
use copydesk::engine::{Analyzer, analyze};
use copydesk::position::Encoding;
use copydesk::position::LineIndex;
use copydesk::server::convert;
use copydesk::server::documents::Analyzed;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

fn edit_point(text: &str) -> usize {
    let mid = text.len() / 2;
    text[mid..].find('”').map_or(mid, |i| mid + i)
}

/// The closing mark `lsp_latency.py` deletes and restores: the one after `.,!?` nearest the
/// middle of the text (by bytes here, by chars there: the same mark on an ASCII-heavy text).
fn mark_point(text: &str) -> usize {
    let mid = text.len() / 2;
    let mut best: Option<usize> = None;
    let mut prev = '\0';
    for (i, ch) in text.char_indices() {
        if matches!(ch, '”' | '"')
            && matches!(prev, '.' | ',' | '!' | '?')
            && best.is_none_or(|b| i.abs_diff(mid) < b.abs_diff(mid))
        {
            best = Some(i);
        }
        prev = ch;
    }
    best.expect("a closing quotation mark after punctuation")
}

/// One keystroke's change to the rope: `i` even applies it, odd undoes it.
#[derive(Clone, Copy)]
enum Edit {
    TypeX,
    DeleteMark(char),
}

#[inline(never)]
fn run_analyze(text: &str, n: usize) {
    for _ in 0..n {
        black_box(analyze(black_box(text)));
    }
}

#[inline(never)]
fn run_keystroke(analyzer: &mut Analyzer, text: &str, edited: &str, n: usize) {
    for i in 0..n {
        let t = if i % 2 == 0 { edited } else { text };
        black_box(analyzer.analyze(black_box(t)));
    }
}

#[inline(never)]
fn run_server(
    analyzer: &mut Analyzer,
    rope: &mut Rope,
    char_at: usize,
    edit: Edit,
    n: usize,
    first: Analyzed,
) {
    let config = CheckConfig::default();
    let uri: Uri = "file:///perfdrive.txt".parse().expect("a URI");
    // The server keeps the last analysis until the next one replaces it.
    let mut previous = first;
    let latest = AtomicI32::new(-1);
    for i in 0..n {
        latest.store(i as i32, Ordering::SeqCst);
        match (edit, i % 2 == 0) {
            (Edit::TypeX, true) => rope.insert_char(char_at, 'x'),
            (Edit::DeleteMark(mark), false) => rope.insert_char(char_at, mark),
            _ => rope.remove(char_at..char_at + 1),
        }
        let text = String::from(&*rope);
        let version = i as i32;
        let Ok(analysis) =
            analyzer.analyze_cancellable(&text, &|| latest.load(Ordering::SeqCst) != version)
        else {
            unreachable!("nothing supersedes the version")
        };
        let index = LineIndex::edited(&previous.index, &previous.text, &text);
        let a = Analyzed {
            doc: 1,
            version: i as i32,
            text,
            index,
            analysis,
        };
        black_box(convert::diagnostics_frame(
            &a,
            &config,
            Encoding::Utf16,
            &uri,
            Some(i as i32),
        ));
        previous = a;
    }
}

/// The shipped binary's allocator and settings, so the profile measures what ships.
#[global_allocator]
static GLOBAL: copydesk::alloc::Allocator = copydesk::alloc::Allocator;

fn main() {
    copydesk::alloc::configure();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args[i + 1].parse().expect("--repeat K");
        args.drain(i..i + 2);
    }
    let marks = args
        .iter()
        .position(|a| a == "--mark")
        .map(|i| args.remove(i));
    let mode = args[0].as_str();
    let raw = std::fs::read_to_string(&args[1]).expect("readable file");
    let n: usize = args.get(2).map_or(10, |s| s.parse().expect("N"));
    let text = if repeat > 1 {
        vec![raw.trim_matches('\n'); repeat].join("\n\n") + "\n"
    } else {
        raw
    };
    let (at, edit) = match marks {
        Some(_) => {
            let at = mark_point(&text);
            let mark = text[at..].chars().next().expect("a mark");
            (at, Edit::DeleteMark(mark))
        }
        None => (edit_point(&text), Edit::TypeX),
    };
    let mut edited = text.clone();
    match edit {
        Edit::TypeX => edited.insert(at, 'x'),
        Edit::DeleteMark(_) => {
            edited.remove(at);
        }
    }
    match mode {
        "analyze" => {
            black_box(analyze(&text));
            run_analyze(&text, n);
        }
        "keystroke" => {
            let mut analyzer = Analyzer::new();
            analyzer.analyze(&text);
            run_keystroke(&mut analyzer, &text, &edited, n);
        }
        "server" => {
            let mut rope = Rope::from_str(&text);
            let char_at = rope.byte_to_char(at);
            let mut analyzer = Analyzer::new();
            let first = Analyzed {
                doc: 1,
                version: -1,
                index: LineIndex::new(&text),
                analysis: analyzer.analyze(&text),
                text,
            };
            run_server(&mut analyzer, &mut rope, char_at, edit, n, first);
        }
        _ => panic!("mode: analyze | keystroke | server"),
    }
}
