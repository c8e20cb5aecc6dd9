//! The command line as a user meets it: `check` output and exit codes, the quote sheet, and the
//! `batch` prediction format that `shared/eval/score.py` reads.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const CLEAN: &str = "Jen Psaki, a State Department spokeswoman, spoke on Monday.\n\n\"We are ready to talk,\" Psaki said.\n";
const DIRTY: &str = "The talks ended late.\n\nBoth sides left early.\n\n“Nobody will ever credit this sentence to anyone at all.”\n";

#[test]
fn check_is_silent_and_exits_0_on_clean_copy() {
    let f = temp_file("clean.txt", CLEAN);
    let out = copydesk().arg("check").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_reports_compiler_style_and_exits_1() {
    let f = temp_file("dirty.txt", DIRTY);
    let out = copydesk().arg("check").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let want = format!("{}:5:1: warning[unattributed-quote]: ", f.display());
    assert!(stdout.starts_with(&want), "{stdout}");
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn check_goes_on_after_a_missing_file_and_exits_2() {
    let f = temp_file("dirty2.txt", DIRTY);
    let out = copydesk()
        .args(["check", "/nonexistent/article.txt"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/article.txt"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unattributed-quote"));
}

#[test]
fn quote_sheet_names_speaker_role_and_how() {
    let f = temp_file("sheet.txt", CLEAN);
    let out = copydesk().arg("quotes").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sheet = String::from_utf8(out.stdout).unwrap();
    assert!(sheet.contains("   3  \"We are ready to talk,\""), "{sheet}");
    assert!(
        sheet.contains("Jen Psaki, State Department spokeswoman"),
        "{sheet}"
    );
    assert!(sheet.contains("surname"), "{sheet}");

    let out = copydesk()
        .args(["quotes", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Jen Psaki");
    assert_eq!(v["quotes"][0]["line"], 3);
}

#[test]
fn batch_writes_one_prediction_per_line_in_order() {
    let input = format!(
        "{}\nnot json\n{}\n{{\"id\": 7}}\n",
        serde_json::json!({"id": "a", "text": CLEAN}),
        serde_json::json!({"id": "b", "text": "“Fine,” said Ana Duarte, the minister."}),
    );
    let out = with_stdin(&["batch"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a");
    let q = &lines[0]["quotes"][0];
    let start = q["start"].as_u64().unwrap() as usize;
    let end = q["end"].as_u64().unwrap() as usize;
    assert_eq!(&CLEAN[start..end], "\"We are ready to talk,\"");
    let m = &q["speaker"]["mention"];
    let (ms, me) = (
        m["start"].as_u64().unwrap() as usize,
        m["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&CLEAN[ms..me], "Psaki");
    assert_eq!(q["speaker"]["name"], "Jen Psaki");
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[2]["id"], "b");
    assert_eq!(lines[2]["quotes"][0]["speaker"]["name"], "Ana Duarte");
    assert_eq!(lines[3]["id"], 7);
    assert!(lines[3]["error"].as_str().unwrap().contains("text"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(copydesk().output().unwrap().status.code(), Some(2));
    assert_eq!(
        copydesk().arg("frobnicate").output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        copydesk()
            .args(["quotes", "--format", "xml", "x"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        copydesk().arg("--help").output().unwrap().status.code(),
        Some(0)
    );
}

#[test]
fn every_command_answers_help_on_stdout_and_exits_0() {
    for command in ["check", "quotes", "batch", "lsp"] {
        for flag in ["--help", "-h"] {
            let out = copydesk().args([command, flag]).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{command} {flag}");
            let usage = String::from_utf8(out.stdout).unwrap();
            assert!(
                usage.contains("USAGE:") && usage.contains(&format!("copydesk {command}")),
                "{command} {flag}: {usage}"
            );
        }
    }
}

/// Runs copydesk with `args`, writing `input` to its standard input.
fn with_stdin(args: &[&str], input: &str) -> std::process::Output {
    let mut child = copydesk()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_dash_reads_the_article_from_stdin() {
    let out = with_stdin(&["check", "-"], DIRTY);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.starts_with("<stdin>:5:1: warning[unattributed-quote]"),
        "{report}"
    );

    let out = with_stdin(&["quotes", "-"], CLEAN);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("Jen Psaki"));
}

#[test]
fn a_mistyped_option_is_a_usage_error_not_a_missing_file() {
    let f = temp_file("typo.txt", CLEAN);
    let out = copydesk()
        .args(["check", "--fromat", "json"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unknown option `--fromat`"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_named_like_an_option_follows_a_double_dash() {
    let f = temp_file("-dashed.txt", DIRTY);
    let out = copydesk()
        .current_dir(f.parent().unwrap())
        .args(["check", "--", "-dashed.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.starts_with("-dashed.txt:5:1:"), "{report}");
}
