//! `copydesk check FILE...`: one line per finding, `FILE:LINE:COL: severity[code]: message`.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::{Format, STDIN_NAME, read_article};
use crate::checks::{CheckConfig, run_all};
use crate::position::{Encoding, LineIndex};

pub fn run(files: &[String], format: Format) -> i32 {
    if files.is_empty() {
        eprintln!("copydesk check: name at least one file");
        return 2;
    }
    let config = CheckConfig::default();
    let (mut found, mut failed) = (false, false);
    // Not `println!`, which panics when the reader has gone away.
    let mut out = std::io::stdout().lock();
    for file in files {
        let (text, analysis) = match read_article(Path::new(file)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("copydesk check: {e}");
                failed = true;
                continue;
            }
        };
        let shown = if file == "-" { STDIN_NAME } else { file };
        let index = LineIndex::new(&text);
        for f in run_all(&text, &analysis, &config) {
            found = true;
            // Columns count characters, as compilers and editors' "go to line:col" do.
            let pos = index.position(&text, f.span.start, Encoding::Utf32);
            let (line, col) = (pos.line + 1, pos.character + 1);
            let written = match format {
                Format::Text => writeln!(
                    out,
                    "{shown}:{line}:{col}: {}[{}]: {}",
                    f.severity.as_str(),
                    f.code,
                    f.message
                ),
                Format::Json => writeln!(
                    out,
                    "{}",
                    json!({"file": shown, "line": line, "column": col, "severity": f.severity.as_str(),
                           "code": f.code, "message": f.message, "start": f.span.start, "end": f.span.end,
                           "quote": f.span.slice(&text)})
                ),
            };
            if let Err(e) = written {
                return super::output_error("check", &e, if failed { 2 } else { 1 });
            }
        }
    }
    let code = if failed { 2 } else { i32::from(found) };
    match out.flush() {
        Ok(()) => code,
        Err(e) => super::output_error("check", &e, code),
    }
}
