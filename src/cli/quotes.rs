//! `copydesk quotes FILE`: the quote sheet. Every quote with its line, speaker, role and how the
//! speaker was found.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::{Format, read_article};
use crate::engine::{Analysis, QuoteKind};
use crate::position::{Encoding, LineIndex};

/// Shortens a quote for one line of the sheet.
fn excerpt(s: &str, max_chars: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars - 1).collect();
    format!("{cut}…")
}

pub fn run(files: &[String], format: Format) -> i32 {
    let [file] = files else {
        eprintln!("copydesk quotes: name exactly one file");
        return 2;
    };
    let (text, analysis) = match read_article(Path::new(file)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("copydesk quotes: {e}");
            return 2;
        }
    };
    let sheet = match format {
        Format::Json => format!("{}\n", sheet_json(&text, &analysis)),
        Format::Text => sheet_text(&text, &analysis),
    };
    // Not `print!`, which panics when the reader has gone away.
    let mut out = std::io::stdout().lock();
    match out.write_all(sheet.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) => super::output_error("quotes", &e, 0),
    }
}

fn sheet_text(text: &str, a: &Analysis) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for q in &a.quotes {
        let line = index.position(text, q.span.start, Encoding::Utf32).line + 1;
        let kind = match q.kind {
            QuoteKind::Speech => "",
            QuoteKind::Partial => " (partial)",
            QuoteKind::NotSpeech => " (not speech)",
        };
        out.push_str(&format!(
            "{line:>4}  {}{kind}\n",
            excerpt(q.span.slice(text), 72)
        ));
        let who = match &q.attribution {
            None if q.kind == QuoteKind::NotSpeech => {
                "      — scare quotes or a title: nobody's words".to_string()
            }
            None => "      — UNATTRIBUTED".to_string(),
            Some(at) => {
                let mention = at.mention.map(|m| m.slice(text)).unwrap_or("");
                match at.entity.map(|e| &a.entities[e]) {
                    Some(e) => format!(
                        "      — {}{} [“{}”: {}]",
                        e.name,
                        // "one aide" needs no ", aide" after it.
                        e.role
                            .as_ref()
                            .filter(|r| !e.name.to_lowercase().contains(&r.to_lowercase()))
                            .map(|r| format!(", {r}"))
                            .unwrap_or_default(),
                        mention,
                        at.how.describe()
                    ),
                    None => format!("      — “{mention}” [{}]", at.how.describe()),
                }
            }
        };
        out.push_str(&who);
        out.push('\n');
    }
    out
}

fn sheet_json(text: &str, a: &Analysis) -> serde_json::Value {
    let index = LineIndex::new(text);
    let quotes: Vec<_> = a
        .quotes
        .iter()
        .map(|q| {
            let line = index.position(text, q.span.start, Encoding::Utf32).line + 1;
            let speaker = q.attribution.as_ref().map(|at| {
                let e = at.entity.map(|e| &a.entities[e]);
                json!({
                    "mention": at.mention.map(|m| m.slice(text)),
                    "name": e.map(|e| e.name.clone()),
                    "role": e.and_then(|e| e.role.clone()),
                    "kind": e.map(|e| e.kind),
                    "how": at.how,
                })
            });
            json!({"line": line, "start": q.span.start, "end": q.span.end, "kind": q.kind,
                   "text": q.span.slice(text), "speaker": speaker})
        })
        .collect();
    json!({"style": a.style, "quotes": quotes})
}
