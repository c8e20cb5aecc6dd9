//! The command line under bad input: unreadable files, invalid UTF-8, empty input, binary junk,
//! a 100 MB batch on stdin, and output that cannot be written (a closed pipe, a full disk). Clear errors, no panic, every other file or line still
//! processed, exit codes as documented (`check`: 0 clean, 1 findings, 2 usage or I/O error
//! after processing the rest).

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("copydesk-robust-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const CLEAN: &str = "Maria Lopez, the finance minister, spoke on Tuesday.\n\n\"We will not raise taxes,\" Lopez said.\n";
const DIRTY: &str = "The vote was close.\n\n\"Nobody will ever know who said this.\"\n";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// No Rust panic message, ever.
fn no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.code().is_some(),
        "killed by a signal: {:?}",
        out.status
    );
}

#[test]
fn check_reports_every_unreadable_file_and_still_checks_the_rest() {
    let a_dir = dir().join("a-directory.txt");
    std::fs::create_dir_all(&a_dir).unwrap();
    let missing = dir().join("missing.txt");
    let latin1 = file(
        "latin1.txt",
        b"\"Caf\xe9 au lait,\" she said.\n\n\"Bad \xff byte.\"\n",
    );
    let dirty = file("dirty.txt", DIRTY.as_bytes());
    let clean = file("clean.txt", CLEAN.as_bytes());
    let out = copydesk()
        .arg("check")
        .args([&a_dir, &missing, &dirty, &latin1, &clean])
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "I/O errors win over findings");
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "one line per unreadable file: {err}");
    assert!(
        lines[0].contains(&*a_dir.to_string_lossy()) && lines[0].contains("cannot read"),
        "{err}"
    );
    assert!(
        lines[1].contains(&*missing.to_string_lossy()) && lines[1].contains("cannot read"),
        "{err}"
    );
    assert!(
        lines[2].contains(&*latin1.to_string_lossy())
            && lines[2].contains("not valid UTF-8 (first bad byte at offset 4)"),
        "{err}"
    );
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with(&format!(
            "{}:3:1: warning[unattributed-quote]",
            dirty.display()
        )),
        "{stdout}"
    );
    // JSON output goes on after errors too.
    let out = copydesk()
        .args(["check", "--format", "json"])
        .args([&missing, &dirty])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], "unattributed-quote");
}

#[test]
fn check_exit_codes() {
    let clean = file("exit-clean.txt", CLEAN.as_bytes());
    let dirty = file("exit-dirty.txt", DIRTY.as_bytes());
    let code = |args: &[&PathBuf]| {
        let out = copydesk().arg("check").args(args).output().unwrap();
        no_panic(&out);
        out.status.code()
    };
    assert_eq!(code(&[&clean]), Some(0));
    assert_eq!(code(&[&dirty]), Some(1));
    assert_eq!(code(&[&clean, &dirty, &clean]), Some(1));
    assert_eq!(code(&[&clean, &dir().join("nope.txt")]), Some(2));
    assert_eq!(code(&[]), Some(2));
    let out = copydesk().args(["check", "--format"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--format needs a value"));
}

#[test]
fn empty_input_is_clean() {
    let empty = file("empty.txt", b"");
    let empty_md = file("empty.md", b"");
    let blank = file("blank.txt", b" \n\r\n\t\n");
    let out = copydesk()
        .arg("check")
        .args([&empty, &empty_md, &blank])
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = copydesk().arg("quotes").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = copydesk()
        .args(["quotes", "--format=json"])
        .arg(&empty)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quotes"], json!([]));
    // An empty batch answers nothing; a batch of blank lines answers each with an error.
    let batch = |input: &[u8]| {
        let mut child = copydesk()
            .arg("batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(0));
        text(&out.stdout)
    };
    assert_eq!(batch(b""), "");
    let out = batch(b"\n\r\n   \n");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, vec![json!({"id": null, "error": "empty line"}); 3]);
    // No newline at the end of the last line: still answered.
    let out = batch(json!({"id": 1, "text": DIRTY}).to_string().as_bytes());
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn quotes_on_unreadable_files_exits_2_with_a_clear_error() {
    let latin1 = file("quotes-latin1.txt", b"\xe9\xe9\xe9");
    for (path, why) in [
        (dir(), "cannot read"),
        (dir().join("absent.txt"), "cannot read"),
        (latin1, "not valid UTF-8"),
    ] {
        let out = copydesk().arg("quotes").arg(&path).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(&*path.to_string_lossy()) && err.contains(why),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn binary_junk_that_is_valid_utf8_is_checked() {
    let mut junk: Vec<u8> = (0u8..0x20).collect();
    junk.extend_from_slice(
        "\u{7f}\u{FEFF}\u{202E}\u{FFFD}\u{10FFFF}\0\0\"\0\"\u{201C}\r\r\r\n".as_bytes(),
    );
    junk.extend_from_slice(DIRTY.as_bytes());
    junk.extend_from_slice("\u{AB}\u{201E}`'\u{2019}\0".as_bytes());
    for name in ["junk.txt", "junk.md"] {
        let f = file(name, &junk);
        let out = copydesk().arg("check").arg(&f).output().unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let out = copydesk()
            .args(["quotes", "--format", "json"])
            .arg(&f)
            .output()
            .unwrap();
        no_panic(&out);
        serde_json::from_slice::<Value>(&out.stdout).expect("the sheet is JSON");
    }
}

/// What one generated batch line is, and so what its output line must be.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A real article: a prediction with quotes.
    Article,
    /// A record with a short text and a large field the batch ignores.
    Padded,
    InvalidUtf8,
    InvalidJson,
    NoText,
    Empty,
}

/// The `i`th line of the generated batch (without its line break).
fn batch_line(i: usize) -> (Kind, Vec<u8>) {
    let pad = "x".repeat(60_000);
    match i % 8 {
        0 | 4 => (
            Kind::Article,
            json!({"id": i, "text": format!("{CLEAN}\n{DIRTY}")})
                .to_string()
                .into_bytes(),
        ),
        1 | 5 => (
            Kind::Padded,
            json!({"id": i, "text": "\"Short,\" Lopez said.", "pad": pad})
                .to_string()
                .into_bytes(),
        ),
        2 => {
            let mut l = format!("{{\"id\": {i}, \"text\": \"caf").into_bytes();
            l.extend_from_slice(b"\xe9 \xff\xfe");
            l.extend_from_slice(pad.as_bytes());
            l.extend_from_slice(b"\"}");
            (Kind::InvalidUtf8, l)
        }
        3 => (
            Kind::InvalidJson,
            format!("{{\"id\": {i}, \"text\": \"{pad}").into_bytes(),
        ),
        6 => (
            Kind::NoText,
            json!({"id": i, "body": pad}).to_string().into_bytes(),
        ),
        _ => (Kind::Empty, b"   \r".to_vec()),
    }
}

/// Peak resident memory of a process, from /proc (Linux), in kB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_100_megabyte_batch_streams_every_line_in_order() {
    const TOTAL: usize = 100 << 20;
    let mut child = copydesk()
        .args(["batch", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    // Stream the input from another thread while this one reads the output.
    let writer = std::thread::spawn(move || {
        let (mut written, mut lines) = (0, 0);
        let mut buf = Vec::with_capacity(1 << 20);
        while written < TOTAL {
            let (_, l) = batch_line(lines);
            buf.extend_from_slice(&l);
            buf.extend_from_slice(if lines % 3 == 0 { b"\r\n" } else { b"\n" });
            lines += 1;
            if buf.len() >= 1 << 20 {
                written += buf.len();
                stdin.write_all(&buf).unwrap();
                buf.clear();
            }
        }
        stdin.write_all(&buf).unwrap();
        lines
    });
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (mut n, mut peak) = (0usize, 0u64);
    for line in stdout.lines() {
        let line = line.expect("output is UTF-8 lines");
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("line {n}: {e}: {line}"));
        let (kind, _) = batch_line(n);
        match kind {
            Kind::Article | Kind::Padded => {
                assert_eq!(v["id"], n, "line {n} out of order: {line}");
                let quotes = v["quotes"].as_array().unwrap_or_else(|| panic!("{line}"));
                assert!(!quotes.is_empty(), "{line}");
                assert_eq!(
                    quotes[0]["speaker"]["name"],
                    if matches!(kind, Kind::Article) {
                        "Maria Lopez"
                    } else {
                        "Lopez"
                    }
                );
            }
            Kind::InvalidUtf8 => assert_eq!(
                v,
                json!({"id": null, "error": "line is not valid UTF-8"}),
                "line {n}"
            ),
            Kind::InvalidJson => {
                assert_eq!(v["id"], Value::Null);
                assert!(
                    v["error"].as_str().unwrap().starts_with("not valid JSON"),
                    "line {n}: {line}"
                );
            }
            Kind::NoText => assert_eq!(v, json!({"id": n, "error": "no string field `text`"})),
            Kind::Empty => assert_eq!(v, json!({"id": null, "error": "empty line"})),
        }
        n += 1;
        if n % 256 == 0 {
            peak = peak.max(peak_rss_kb(pid).unwrap_or(0));
        }
    }
    let lines = writer.join().unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.is_empty(), "{err}");
    assert_eq!(status.code(), Some(0));
    assert_eq!(n, lines, "every input line gets exactly one output line");
    // Blocks of 256 lines: memory stays bounded whatever the input's size.
    assert!(
        peak < 400 * 1024,
        "peak RSS {peak} kB while streaming 100 MB"
    );
}

/// An article with thousands of findings: more output than a pipe holds.
fn many_findings(name: &str) -> PathBuf {
    let text: String = (0..3000)
        .map(|i| format!("Paragraph {i}.\n\n\"Nobody will ever know who said this.\"\n\n"))
        .collect();
    file(name, text.as_bytes())
}

/// Runs `args`, reads one line of its output and closes the pipe, as `| head -1` does.
fn head_1(args: &[&std::ffi::OsStr], stdin: Stdio) -> Output {
    let mut child = copydesk()
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    let many = many_findings("many-head.txt");
    let batch_input = file(
        "many.jsonl",
        (0..5000)
            .map(|i| json!({"id": i, "text": DIRTY}).to_string() + "\n")
            .collect::<String>()
            .as_bytes(),
    );
    for (args, stdin, code) in [
        (vec!["check".as_ref(), many.as_os_str()], Stdio::null(), 1),
        (vec!["quotes".as_ref(), many.as_os_str()], Stdio::null(), 0),
        (
            vec!["batch".as_ref()],
            std::fs::File::open(&batch_input).unwrap().into(),
            0,
        ),
    ] {
        let out = head_1(&args, stdin);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn a_full_disk_is_reported() {
    let many = many_findings("many-full.txt");
    let full = || std::fs::File::create("/dev/full").unwrap();
    for command in ["check", "quotes"] {
        let out = copydesk()
            .arg(command)
            .arg(&many)
            .stdout(full())
            .output()
            .unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains("cannot write the output"), "{command}: {err}");
    }
    let input = file(
        "full.jsonl",
        json!({"id": 1, "text": DIRTY}).to_string().as_bytes(),
    );
    let out = copydesk()
        .arg("batch")
        .stdin(std::fs::File::open(input).unwrap())
        .stdout(full())
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("No space left"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn batch_with_a_directory_on_stdin_is_an_io_error() {
    let out = copydesk()
        .arg("batch")
        .stdin(std::fs::File::open(dir()).unwrap())
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("copydesk batch: "),
        "{}",
        text(&out.stderr)
    );
}
