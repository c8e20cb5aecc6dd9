//! `copydesk batch`: JSONL `{"id", "text"}` on stdin, one prediction line per input line on
//! stdout, in input order, in the format `shared/eval/score.py` reads. Lines are analysed on all
//! cores, a block at a time, so memory stays bounded on corpora of any size.

use std::io::{BufRead, BufWriter, Write};

use serde_json::{Value, json};

use crate::engine::{Marks, QuoteKind, analyze};

/// Which quotes a prediction lists.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MarkFilter {
    /// Quotes opened by a double quotation mark: what the corpus scorer counts as a quote.
    Double,
    /// Every quote, typewriter ('' … '') and British single-mark quotes included.
    All,
}

/// Lines read before the block is analysed in parallel.
const BLOCK: usize = 256;

pub fn run(args: &[String]) -> i32 {
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut marks = MarkFilter::Double;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--jobs" | "-j" => match args.get(i + 1).and_then(|v| v.parse::<usize>().ok()) {
                Some(n) if n > 0 => {
                    jobs = n;
                    i += 2;
                }
                _ => {
                    eprintln!("copydesk batch: --jobs needs a positive number");
                    return 2;
                }
            },
            "--marks" => match args.get(i + 1).map(String::as_str) {
                Some("double") => {
                    marks = MarkFilter::Double;
                    i += 2;
                }
                Some("all") => {
                    marks = MarkFilter::All;
                    i += 2;
                }
                _ => {
                    eprintln!("copydesk batch: --marks takes `double` or `all`");
                    return 2;
                }
            },
            other => {
                eprintln!("copydesk batch: unknown argument `{other}`");
                return 2;
            }
        }
    }
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    match process(stdin, &mut out, jobs, marks) {
        Ok(()) => 0,
        // The reader went away (`| head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("copydesk batch: {e}");
            2
        }
    }
}

/// Reads every line of `input` and writes one output line for each.
pub fn process(
    mut input: impl BufRead,
    out: &mut impl Write,
    jobs: usize,
    marks: MarkFilter,
) -> std::io::Result<()> {
    let mut block: Vec<Vec<u8>> = Vec::with_capacity(BLOCK);
    loop {
        let mut line = Vec::new();
        let n = input.read_until(b'\n', &mut line)?;
        if n > 0 {
            block.push(line);
        }
        if block.len() == BLOCK || (n == 0 && !block.is_empty()) {
            for result in predict_block(&block, jobs, marks) {
                out.write_all(result.as_bytes())?;
                out.write_all(b"\n")?;
            }
            block.clear();
        }
        if n == 0 {
            break;
        }
    }
    out.flush()
}

fn predict_block(block: &[Vec<u8>], jobs: usize, marks: MarkFilter) -> Vec<String> {
    let lines: Vec<&[u8]> = block.iter().map(|l| l.as_slice()).collect();
    let mut results = vec![String::new(); lines.len()];
    let chunk = lines.len().div_ceil(jobs.max(1)).max(1);
    std::thread::scope(|s| {
        for (ls, rs) in lines.chunks(chunk).zip(results.chunks_mut(chunk)) {
            s.spawn(move || {
                for (l, r) in ls.iter().zip(rs.iter_mut()) {
                    *r = predict_line(l, marks);
                }
            });
        }
    });
    results
}

/// The prediction (or error) line for one input line. Never panics on any bytes.
pub fn predict_line(line: &[u8], marks: MarkFilter) -> String {
    let line = trim_line_end(line);
    let Ok(line) = std::str::from_utf8(line) else {
        return json!({"id": null, "error": "line is not valid UTF-8"}).to_string();
    };
    if line.trim().is_empty() {
        return json!({"id": null, "error": "empty line"}).to_string();
    }
    let record: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({"id": null, "error": format!("not valid JSON: {e}")}).to_string(),
    };
    let id = record.get("id").cloned().unwrap_or(Value::Null);
    let Some(text) = record.get("text").and_then(Value::as_str) else {
        return json!({"id": id, "error": "no string field `text`"}).to_string();
    };
    let analysis = analyze(text);
    let quotes: Vec<Value> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::NotSpeech)
        .filter(|q| marks == MarkFilter::All || q.marks == Marks::Double)
        .map(|q| {
            let speaker = q.attribution.as_ref().map(|at| {
                let e = at.entity.map(|e| &analysis.entities[e]);
                json!({
                    "mention": at.mention.map(|m| json!({"start": m.start, "end": m.end})),
                    "name": e.map(|e| e.name.clone()).or_else(|| at.mention.map(|m| m.slice(text).to_string())),
                    "role": e.and_then(|e| e.role.clone()),
                })
            });
            json!({"start": q.span.start, "end": q.span.end, "speaker": speaker})
        })
        .collect();
    json!({"id": id, "quotes": quotes}).to_string()
}

fn trim_line_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\n' | b'\r'] = line {
        line = rest;
    }
    line
}
