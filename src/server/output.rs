//! The server's output stream. tower-lsp-server turns every outgoing message into a
//! `serde_json::Value` tree before writing it; for `textDocument/publishDiagnostics` on a long
//! document (a thousand diagnostics at every keystroke) building, writing and dropping that tree
//! cost more than the analysis. So diagnostics are serialised straight to bytes here and sent
//! beside tower-lsp-server's frames: [`merge`] copies both to the client, each frame whole.
//!
//! Order: all diagnostics go through this path (under the server's publish lock), so they reach
//! the client in the order they were published; other messages keep tower-lsp-server's order.

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::UnboundedReceiver;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Range, Uri};

use super::convert::SOURCE;

/// A whole `textDocument/publishDiagnostics` frame, header included.
pub fn publish_diagnostics_frame(
    uri: &Uri,
    diagnostics: &[Diagnostic],
    version: Option<i32>,
) -> Vec<u8> {
    let guess = frame_size(diagnostics.iter().map(|d| d.message.len()));
    frame(uri, guess, version, |body| {
        for (i, d) in diagnostics.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            diagnostic(body, d);
        }
    })
}

/// A diagnostic with only a range, a severity, a string code, our source and a message: what
/// the checks' findings become. Borrowed, so nothing is allocated per finding.
pub struct Plain<'a> {
    pub range: Range,
    pub severity: DiagnosticSeverity,
    pub code: &'a str,
    pub message: &'a str,
}

impl Plain<'_> {
    /// The `Diagnostic` this stands for.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            range: self.range,
            severity: Some(self.severity),
            code: Some(NumberOrString::String(self.code.to_string())),
            source: Some(SOURCE.to_string()),
            message: self.message.to_string(),
            ..Diagnostic::default()
        }
    }
}

/// The same bytes as [`publish_diagnostics_frame`] of the [`Plain::to_diagnostic`]s, without
/// making them. Everything after a diagnostic's range (severity, code, source, message) is
/// serialised once per distinct (severity, code, message) among the last few and copied after
/// that: a long document repeats a handful of messages a thousand times.
pub fn publish_plain_frame(uri: &Uri, diagnostics: &[Plain], version: Option<i32>) -> Vec<u8> {
    let guess = frame_size(diagnostics.iter().map(|d| d.message.len()));
    frame(uri, guess, version, |body| {
        // (severity, code, message) and where their JSON already is in `body`.
        let mut seen: Vec<(DiagnosticSeverity, &str, &str, usize, usize)> = Vec::new();
        let mut next_slot = 0;
        for (i, d) in diagnostics.iter().enumerate() {
            if i > 0 {
                body.push(b',');
            }
            range(body, &d.range);
            let known = seen
                .iter()
                .find(|s| s.0 == d.severity && s.1 == d.code && s.2 == d.message);
            if let Some(&(.., from, to)) = known {
                body.extend_from_within(from..to);
                continue;
            }
            let from = body.len();
            tail(
                body,
                Some(&d.severity),
                Some(d.code),
                Some(SOURCE),
                d.message,
            );
            let entry = (d.severity, d.code, d.message, from, body.len());
            if seen.len() < REMEMBERED {
                seen.push(entry);
            } else {
                seen[next_slot] = entry;
                next_slot = (next_slot + 1) % REMEMBERED;
            }
        }
    })
}

/// How many distinct diagnostic tails [`publish_plain_frame`] remembers.
const REMEMBERED: usize = 8;

/// The notification around the diagnostics `write` appends, with its header.
/// A frame's size, guessed from its diagnostics' message lengths: most of a diagnostic's JSON
/// is its message, so the buffer is sized up front and never grows.
fn frame_size(messages: impl Iterator<Item = usize>) -> usize {
    160 + messages.map(|len| 160 + len).sum::<usize>()
}

fn frame(
    uri: &Uri,
    guess: usize,
    version: Option<i32>,
    write: impl FnOnce(&mut Vec<u8>),
) -> Vec<u8> {
    let mut body = Vec::with_capacity(guess);
    body.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    json(&mut body, uri);
    body.extend_from_slice(br#","diagnostics":["#);
    write(&mut body);
    body.push(b']');
    if let Some(v) = version {
        body.extend_from_slice(br#","version":"#);
        json(&mut body, &v);
    }
    body.extend_from_slice(b"}}");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Appends `s` as a JSON string, as `serde_json` writes it: text with nothing to escape (no
/// control character, quotation mark or backslash; other chars are written as they are) is
/// copied whole.
fn json_str(out: &mut Vec<u8>, s: &str) {
    // Not short-circuiting, so that it runs many bytes at a time.
    let escapes = s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if !escapes {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        json(out, s);
    }
}

/// Appends the JSON of `value` (plain data: serialising it cannot fail).
fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    let _ = serde_json::to_writer(out, value);
}

/// Appends one diagnostic as `ls_types` serialises it (same fields, same order, absent
/// options left out), without going through its derived serialiser field by field.
fn diagnostic(out: &mut Vec<u8>, d: &Diagnostic) {
    if d.code_description.is_some()
        || d.related_information.is_some()
        || d.tags.is_some()
        || d.data.is_some()
    {
        json(out, d);
        return;
    }
    range(out, &d.range);
    let code = d.code.as_ref().map(|c| match c {
        NumberOrString::String(s) => Code::Str(s),
        NumberOrString::Number(n) => Code::Num(*n),
    });
    tail(
        out,
        d.severity.as_ref(),
        code,
        d.source.as_deref(),
        &d.message,
    );
}

/// A diagnostic's code, either kind.
enum Code<'a> {
    Str(&'a str),
    Num(i32),
}

impl<'a> From<&'a str> for Code<'a> {
    fn from(s: &'a str) -> Self {
        Code::Str(s)
    }
}

/// Appends `{"range":…}`, a diagnostic's opening.
fn range(out: &mut Vec<u8>, r: &Range) {
    let (s, e) = (r.start, r.end);
    out.extend_from_slice(br#"{"range":{"start":{"line":"#);
    json(out, &s.line);
    out.extend_from_slice(br#","character":"#);
    json(out, &s.character);
    out.extend_from_slice(br#"},"end":{"line":"#);
    json(out, &e.line);
    out.extend_from_slice(br#","character":"#);
    json(out, &e.character);
    out.extend_from_slice(b"}}");
}

/// Appends the rest of a diagnostic after its range, closing brace included.
fn tail<'a>(
    out: &mut Vec<u8>,
    severity: Option<&DiagnosticSeverity>,
    code: Option<impl Into<Code<'a>>>,
    source: Option<&str>,
    message: &str,
) {
    if let Some(severity) = severity {
        out.extend_from_slice(br#","severity":"#);
        json(out, severity);
    }
    if let Some(code) = code {
        out.extend_from_slice(br#","code":"#);
        match code.into() {
            Code::Str(s) => json_str(out, s),
            Code::Num(n) => json(out, &n),
        }
    }
    if let Some(source) = source {
        out.extend_from_slice(br#","source":"#);
        json_str(out, source);
    }
    out.extend_from_slice(br#","message":"#);
    json_str(out, message);
    out.push(b'}');
}

/// Length of the first complete frame in `buf` (tower-lsp-server writes
/// `Content-Length: N\r\n\r\n` and N bytes), if it is all there.
fn complete_frame(buf: &[u8]) -> Option<usize> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let len: usize = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse().ok())
            .flatten()
    })?;
    let total = head_end + 4 + len;
    (buf.len() >= total).then_some(total)
}

/// Copies the frames tower-lsp-server writes into `tower` and the frames sent on `own` to
/// `output`, never splitting a frame. Ends when `tower` closes (the session is over), after
/// writing whatever was still queued.
pub async fn merge<R, W>(
    mut tower: R,
    mut own: UnboundedReceiver<Vec<u8>>,
    mut output: W,
) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut own_open = true;
    loop {
        tokio::select! {
            n = tower.read(&mut chunk) => {
                let n = n.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let mut done = 0;
                while let Some(len) = complete_frame(&buf[done..]) {
                    done += len;
                }
                if done > 0 {
                    output.write_all(&buf[..done]).await?;
                    output.flush().await?;
                    buf.drain(..done);
                }
            }
            frame = own.recv(), if own_open => match frame {
                Some(f) => {
                    output.write_all(&f).await?;
                    output.flush().await?;
                }
                None => own_open = false,
            },
        }
    }
    // Anything tower-lsp-server left unframed, then our queued frames.
    output.write_all(&buf).await?;
    while let Ok(f) = own.try_recv() {
        output.write_all(&f).await?;
    }
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_found_whole() {
        let a = b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1";
        assert_eq!(complete_frame(a), Some(23));
        assert_eq!(complete_frame(&a[23..]), None);
        assert_eq!(complete_frame(b"Content-Len"), None);
    }

    #[test]
    fn diagnostics_serialise_as_ls_types_does() {
        use tower_lsp_server::ls_types::{
            DiagnosticSeverity, DiagnosticTag, NumberOrString, Position, PublishDiagnosticsParams,
            Range,
        };
        let uri: Uri = "file:///a%20b/c.txt".parse().unwrap();
        let range = Range::new(Position::new(3, 7), Position::new(4, 0));
        let plain = Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("unattributed-quote".into())),
            source: Some("copydesk".into()),
            message: "“quoted” \\ \"marks\"\n\u{1}, tab\t".into(),
            ..Diagnostic::default()
        };
        let bare = Diagnostic {
            range,
            message: String::new(),
            ..Diagnostic::default()
        };
        let numbered = Diagnostic {
            code: Some(NumberOrString::Number(-4)),
            severity: Some(DiagnosticSeverity::HINT),
            ..bare.clone()
        };
        let tagged = Diagnostic {
            tags: Some(vec![DiagnosticTag::UNNECESSARY]),
            ..plain.clone()
        };
        let diags = vec![plain, bare, numbered, tagged];
        for version in [Some(7), None] {
            let f = publish_diagnostics_frame(&uri, &diags, version);
            let text = String::from_utf8(f).unwrap();
            let (_, body) = text.split_once("\r\n\r\n").unwrap();
            let ours: serde_json::Value = serde_json::from_str(body).unwrap();
            let theirs = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": PublishDiagnosticsParams::new(uri.clone(), diags.clone(), version),
            });
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀\u{2028}\u{2029}\u{ffff}");
        let mut cases = vec![String::new(), all.clone()];
        for (i, c) in all.char_indices() {
            cases.push(format!("plain {c} text"));
            cases.push(all[i..].to_string());
        }
        for s in &cases {
            let mut ours = Vec::new();
            json_str(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn plain_frame_is_the_frame_of_the_diagnostics() {
        use tower_lsp_server::ls_types::Position;
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let messages: Vec<String> = (0..13).map(|i| format!("m “{i}” \\ \"x\"\n")).collect();
        let severities = [DiagnosticSeverity::WARNING, DiagnosticSeverity::HINT];
        let codes = ["unattributed-quote", "unbalanced-quote", "c"];
        // Repeats near and far, more distinct tails than are remembered.
        let plain: Vec<Plain> = (0..200u32)
            .map(|i| Plain {
                range: Range::new(Position::new(i, i % 7), Position::new(i + i % 2, 3)),
                severity: severities[(i as usize / 3) % 2],
                code: codes[(i as usize / 5) % 3],
                message: &messages[(i as usize * 7 + i as usize / 11) % messages.len()],
            })
            .collect();
        let diags: Vec<Diagnostic> = plain.iter().map(Plain::to_diagnostic).collect();
        for n in [0, 1, 2, 9, 40, 200] {
            for version in [Some(1), None] {
                assert_eq!(
                    publish_plain_frame(&uri, &plain[..n], version),
                    publish_diagnostics_frame(&uri, &diags[..n], version)
                );
            }
        }
    }

    #[test]
    fn diagnostics_frame_is_the_lsp_notification() {
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let f = publish_diagnostics_frame(&uri, &[], Some(3));
        let text = String::from_utf8(f).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(head, format!("Content-Length: {}", body.len()));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["method"], "textDocument/publishDiagnostics");
        assert_eq!(v["params"]["uri"], "file:///a.txt");
        assert_eq!(v["params"]["version"], 3);
        assert_eq!(v["params"]["diagnostics"], serde_json::json!([]));
    }
}
