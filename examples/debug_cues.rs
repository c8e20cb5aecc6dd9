//! Error analysis aid: for each article (JSONL with `doc_id` and `text`, as in the PolNeAR
//! files) prints every quote's byte span, kind, cue word and how its speaker was resolved, so
//! misses can be grouped by the cue that produced them.
//!
//!   jq -c '{doc_id, text}' ../shared/eval/polnear/train.jsonl | cargo run --release --example debug_cues
//!
//! Lines that are not JSON objects with a `text` string are skipped with a note on stderr.

use std::io::BufRead;

fn main() {
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("line {}: not UTF-8, skipped", n + 1);
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("line {}: not JSON, skipped", n + 1);
            continue;
        };
        let Some(text) = v["text"].as_str() else {
            eprintln!("line {}: no \"text\" string, skipped", n + 1);
            continue;
        };
        let a = copydesk::engine::analyze(text);
        let quotes: Vec<_> = a
            .quotes
            .iter()
            .map(|q| {
                let at = q.attribution.as_ref();
                serde_json::json!({
                    "start": q.span.start,
                    "end": q.span.end,
                    "kind": format!("{:?}", q.kind),
                    "cue": at.and_then(|a| a.cue).map(|c| c.slice(text).to_string()),
                    "how": at.map(|a| format!("{:?}", a.how)),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"id": v["doc_id"], "quotes": quotes})
        );
    }
}
