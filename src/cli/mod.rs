//! The command line: `check`, `quotes`, `batch` and `lsp`. Exit codes: 0 clean, 1 findings,
//! 2 usage or I/O error (after every other file has still been processed).

pub mod batch;
mod check;
mod quotes;

use std::path::Path;

use crate::engine::{Analysis, analyze};

const USAGE: &str = "\
copydesk: who said every quote in a news article

USAGE:
    copydesk check [--format text|json] FILE...   findings, compiler style; exit 1 if any
    copydesk quotes [--format text|json] FILE     the quote sheet: quote, speaker, role, how
    copydesk batch [--marks double|all] [--jobs N]  JSONL {\"id\",\"text\"} on stdin -> predictions
    copydesk lsp [--stdio]                        the language server, on stdin/stdout
    copydesk [COMMAND] --help | --version

A FILE of `-` is standard input, read as plain text; `--` ends the options, so a file whose
name starts with `-` can follow it. Files ending in .md or .markdown are read as Markdown:
code, front matter, link targets and HTML comments are not prose. Checks: unattributed-quote
(warning), unbalanced-quote (error).";

/// Output format of `check` and `quotes`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
}

/// Splits `--format X` (or `--format=X`) out of the arguments.
fn take_format(args: &mut Vec<String>) -> Result<Format, String> {
    let mut format = Format::Text;
    let mut i = 0;
    while i < args.len() && args[i] != "--" {
        let value = if args[i] == "--format" {
            if i + 1 >= args.len() {
                return Err("--format needs a value: text or json".into());
            }
            let v = args.remove(i + 1);
            args.remove(i);
            v
        } else if let Some(v) = args[i].strip_prefix("--format=") {
            let v = v.to_string();
            args.remove(i);
            v
        } else {
            i += 1;
            continue;
        };
        format = match value.as_str() {
            "text" => Format::Text,
            "json" => Format::Json,
            other => return Err(format!("unknown format `{other}`: use text or json")),
        };
    }
    Ok(format)
}

/// The exit code of a command whose output could not be written. A reader that went away
/// (`copydesk check … | head`) is no error: the command stops quietly with `code`, the code it
/// would have had. Any other failure (a full disk) is reported and exits 2.
pub(crate) fn output_error(command: &str, e: &std::io::Error, code: i32) -> i32 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        code
    } else {
        eprintln!("copydesk {command}: cannot write the output: {e}");
        2
    }
}

/// What `check` and `quotes` are left with once their options are taken out: the files,
/// with `--` gone. Anything else that looks like an option is a usage error rather than a
/// file nobody has, so a mistyped `--fromat json` says what is wrong.
fn files_only(args: Vec<String>) -> Result<Vec<String>, String> {
    let mut files = Vec::with_capacity(args.len());
    let mut options_ended = false;
    for arg in args {
        if options_ended || arg == "-" || !arg.starts_with('-') {
            files.push(arg);
        } else if arg == "--" {
            options_ended = true;
        } else {
            return Err(format!(
                "unknown option `{arg}` (to name a file that starts with `-`, put `--` before it)"
            ));
        }
    }
    Ok(files)
}

/// Whether the arguments ask for help before any `--`.
fn asks_for_help(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help")
}

/// The name `-` goes by in messages and in `check`'s `FILE:LINE:COL` lines.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// Reads an article; Markdown files are masked so only their prose is analysed. `-` is
/// standard input, as plain text.
pub(crate) fn read_article(path: &Path) -> Result<(String, Analysis), String> {
    let stdin = path == Path::new("-");
    let bytes = if stdin {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| format!("{STDIN_NAME}: cannot read: {e}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?
    };
    let shown = if stdin {
        STDIN_NAME.into()
    } else {
        path.display().to_string()
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let markdown = !stdin
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    let analysis = if markdown {
        analyze(&crate::markdown::mask(&text))
    } else {
        analyze(&text)
    };
    Ok((text, analysis))
}

/// Runs the command line with the process's arguments; returns the exit code.
pub fn main() -> i32 {
    run(std::env::args().skip(1).collect())
}

pub fn run(mut args: Vec<String>) -> i32 {
    if args.is_empty() {
        eprintln!("{USAGE}");
        return 2;
    }
    let command = args.remove(0);
    if asks_for_help(&args) && command != "help" {
        println!("{USAGE}");
        return 0;
    }
    let result = match command.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return 0;
        }
        "-V" | "--version" => {
            println!("copydesk {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        "check" => take_format(&mut args)
            .and_then(|f| Ok((f, files_only(args)?)))
            .map(|(f, files)| check::run(&files, f)),
        "quotes" => take_format(&mut args)
            .and_then(|f| Ok((f, files_only(args)?)))
            .map(|(f, files)| quotes::run(&files, f)),
        "batch" => Ok(batch::run(&args)),
        "lsp" | "--stdio" => {
            if let Some(bad) = args.iter().find(|a| *a != "--stdio") {
                Err(format!(
                    "lsp: unknown argument `{bad}` (only --stdio is supported)"
                ))
            } else {
                Ok(match crate::server::serve_stdio() {
                    Ok(()) => 0,
                    Err(e) => {
                        eprintln!("copydesk lsp: {e:#}");
                        2
                    }
                })
            }
        }
        other => Err(format!("unknown command `{other}`")),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("copydesk: {msg}\n\n{USAGE}");
            2
        }
    }
}
