//! Prints the full engine analysis of each input as one JSON line: for checking that a change
//! leaves the analysis byte-identical (`cmp` the outputs of two builds).
//!
//!   cargo run --release --example dump -- FILE...      # one line per file
//!   jq -c '{id: .doc_id, text}' x.jsonl | cargo run --release --example dump   # one line per record
//!
//! With `--incremental`, every input is also re-analysed by one `Analyzer` after each of a few
//! deterministic edits, and those analyses are printed too.

use std::io::{BufRead, Write};

use copydesk::engine::{Analyzer, analyze};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let incremental = args.iter().any(|a| a == "--incremental");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let mut texts: Vec<String> = Vec::new();
    if files.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.expect("stdin");
            let v: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
            texts.push(v["text"].as_str().unwrap_or("").to_string());
        }
    } else {
        for f in files {
            texts.push(std::fs::read_to_string(f).expect("readable file"));
        }
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut analyzer = Analyzer::new();
    for text in &texts {
        writeln!(out, "{}", serde_json::to_string(&analyze(text)).unwrap()).unwrap();
        if incremental {
            // Edits at a few places: delete a char, insert a mark, join two paragraphs.
            let mut t = text.clone();
            for (k, frac) in [0.5f64, 0.1, 0.9, 0.3].iter().enumerate() {
                let mut at = (t.len() as f64 * frac) as usize;
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                match k {
                    0 => {
                        if at < t.len() {
                            t.remove(at);
                        }
                    }
                    1 => t.insert(at, '”'),
                    2 => t.insert_str(at, " he said. “Yes"),
                    _ => {
                        if let Some(i) = t[at..].find('\n') {
                            t.replace_range(at + i..at + i + 1, " ");
                        }
                    }
                }
                let a = analyzer.analyze(&t);
                assert_eq!(a, analyze(&t), "incremental differs from fresh");
                writeln!(out, "{}", serde_json::to_string(&a).unwrap()).unwrap();
            }
        }
    }
}
