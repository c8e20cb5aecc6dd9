//! Our own reader of `Content-Length` frames.
//!
//! tower-lsp-server's stdio transport stops reading for good after the first frame it cannot
//! decode, which would end an editing session over one bad message. This reader sits in front of
//! it: it parses frames from the client, drops (and reports to stderr) any frame whose header or
//! JSON is malformed, resynchronises on the next `Content-Length` header, and forwards only
//! frames tower-lsp-server is known to accept, re-framed with a clean header.
//!
//! Two kinds of body are repaired rather than dropped, because dropping them would leave the
//! client and the server disagreeing about a document for the rest of the session: a string
//! escaping a lone UTF-16 surrogate (`"\ud800"`, valid JSON that JavaScript clients such as
//! VS Code send for text holding one, but refused by serde_json) and bytes that are not UTF-8.
//! Both become U+FFFD.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Frames larger than this are treated as malformed rather than buffered.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Header blocks longer than this without a blank line are garbage.
const MAX_HEADER: usize = 8 * 1024;

const MARKER: &[u8] = b"content-length";

/// Why a frame was dropped.
#[derive(Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Bytes that were not part of any frame header.
    Garbage(usize),
    /// A header block without a usable `Content-Length`.
    BadHeader(String),
    /// A body that is not a JSON-RPC message.
    BadBody(String),
}

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dropped::Garbage(n) => write!(f, "skipped {n} bytes outside any frame"),
            Dropped::BadHeader(why) => write!(f, "dropped frame with malformed header: {why}"),
            Dropped::BadBody(why) => write!(f, "dropped frame with malformed body: {why}"),
        }
    }
}

/// One step of the parser over the bytes buffered so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Need more input.
    More,
    /// A valid message body.
    Frame(Vec<u8>),
    /// Something was discarded; parsing can continue.
    Dropped(Dropped),
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Is this body a JSON-RPC message tower-lsp-server will decode?
fn check_body(body: &[u8]) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value).is_ok()
    {
        Ok(())
    } else {
        Err("valid JSON but not a JSON-RPC request, notification or response".into())
    }
}

fn hex4(b: Option<&[u8]>) -> Option<u16> {
    u16::from_str_radix(std::str::from_utf8(b?).ok()?, 16).ok()
}

/// `body` with every `\\uXXXX` escape of a lone surrogate replaced by `\\ufffd`; `None` if
/// there was none.
fn replace_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let surrogate = |u: u16| (0xD800..0xE000).contains(&u);
    let (mut out, mut changed, mut in_string, mut i) =
        (Vec::with_capacity(body.len()), false, false, 0);
    while i < body.len() {
        let b = body[i];
        if !in_string || b != b'\\' {
            in_string ^= b == b'"';
            out.push(b);
            i += 1;
            continue;
        }
        let unit = (body.get(i + 1) == Some(&b'u'))
            .then(|| hex4(body.get(i + 2..i + 6)))
            .flatten();
        let Some(u) = unit else {
            // Any other escape (or a malformed one): copy it whole so `\\"` stays in the string.
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        };
        let low_follows = body.get(i + 6..i + 8) == Some(b"\\u")
            && hex4(body.get(i + 8..i + 12)).is_some_and(|n| (0xDC00..0xE000).contains(&n));
        if (0xD800..0xDC00).contains(&u) && low_follows {
            out.extend_from_slice(&body[i..i + 12]);
            i += 12;
        } else if surrogate(u) {
            out.extend_from_slice(b"\\ufffd");
            changed = true;
            i += 6;
        } else {
            out.extend_from_slice(&body[i..i + 6]);
            i += 6;
        }
    }
    changed.then_some(out)
}

/// A body [`check_body`] refused, repaired (see the module docs), if that makes it acceptable.
fn repair(body: &[u8]) -> Option<Vec<u8>> {
    let lossy = match String::from_utf8_lossy(body) {
        std::borrow::Cow::Owned(s) => Some(s.into_bytes()),
        std::borrow::Cow::Borrowed(_) => None,
    };
    let utf8 = lossy.as_deref().unwrap_or(body);
    let fixed = replace_lone_surrogates(utf8).or(lossy)?;
    check_body(&fixed).is_ok().then_some(fixed)
}

/// Incremental frame parser. Feed bytes with [`Parser::push`], pull results with
/// [`Parser::step`] until it says [`Step::More`].
#[derive(Default)]
pub struct Parser {
    buf: Vec<u8>,
    eof: bool,
    /// Set when the last frame returned was repaired, for the caller to report.
    pub repaired: bool,
}

impl Parser {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// No more input will come: whatever is buffered is parsed as far as it goes.
    pub fn finish(&mut self) {
        self.eof = true;
    }

    pub fn step(&mut self) -> Step {
        self.repaired = false;
        // Resynchronise: a frame starts at a `Content-Length` header.
        match find_ci(&self.buf, MARKER) {
            Some(0) => {}
            Some(n) => return self.drop_garbage(n),
            None => {
                // Keep a tail that might be the start of a split marker.
                let keep = if self.eof { 0 } else { MARKER.len() - 1 };
                let n = self.buf.len().saturating_sub(keep);
                return if n > 0 && self.buf[..n].iter().any(|b| !b.is_ascii_whitespace()) {
                    self.drop_garbage(n)
                } else {
                    self.buf.drain(..n);
                    Step::More
                };
            }
        }

        // The header block ends at a blank line, within MAX_HEADER bytes. (Searching the whole
        // buffer would rescan a large body after every chunk read: quadratic in the frame size.)
        let head = &self.buf[..self.buf.len().min(MAX_HEADER + 4)];
        let (header_len, sep) = match (find(head, b"\r\n\r\n"), find(head, b"\n\n")) {
            (Some(a), Some(b)) if b + 2 < a + 4 => (b, 2),
            (Some(a), _) => (a, 4),
            (None, Some(b)) => (b, 2),
            (None, None) => {
                if self.buf.len() > MAX_HEADER || self.eof {
                    let why = "no blank line after the header".to_string();
                    return self.drop_header(1, why);
                }
                return Step::More;
            }
        };
        let header = String::from_utf8_lossy(&self.buf[..header_len]).into_owned();
        let mut length = None;
        for line in header.lines() {
            let Some((name, value)) = line.split_once(':') else {
                return self.drop_header(1, format!("header line without a colon: {line:?}"));
            };
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_FRAME => length = Some(n),
                    _ => {
                        return self
                            .drop_header(1, format!("bad Content-Length {:?}", value.trim()));
                    }
                }
            }
        }
        let Some(length) = length else {
            return self.drop_header(1, "no Content-Length".into());
        };
        let body_start = header_len + sep;
        if self.buf.len() < body_start + length {
            if self.eof {
                let n = self.buf.len();
                self.buf.clear();
                return Step::Dropped(Dropped::BadBody(format!(
                    "input ended {} bytes into a {length}-byte body",
                    n - body_start.min(n)
                )));
            }
            return Step::More;
        }
        let body: Vec<u8> = self.buf[body_start..body_start + length].to_vec();
        match check_body(&body) {
            Ok(()) => {
                self.buf.drain(..body_start + length);
                Step::Frame(body)
            }
            Err(_) if let Some(fixed) = repair(&body) => {
                self.buf.drain(..body_start + length);
                self.repaired = true;
                Step::Frame(fixed)
            }
            Err(why) => {
                // A Content-Length that overstates the body swallows the next frame: if a header
                // appears inside the body, resume parsing there rather than losing it.
                let resume = find_ci(&body, MARKER).map_or(body_start + length, |p| body_start + p);
                self.buf.drain(..resume);
                Step::Dropped(Dropped::BadBody(why))
            }
        }
    }

    fn drop_garbage(&mut self, n: usize) -> Step {
        self.buf.drain(..n);
        Step::Dropped(Dropped::Garbage(n))
    }

    /// Drops the header at the start of the buffer by skipping `skip` bytes, so the next
    /// search for a marker starts after it.
    fn drop_header(&mut self, skip: usize, why: String) -> Step {
        self.buf.drain(..skip.min(self.buf.len()));
        // Discard up to the next header (the body of this frame cannot be delimited).
        let next = find_ci(&self.buf, MARKER).unwrap_or(if self.eof { self.buf.len() } else { 0 });
        self.buf.drain(..next);
        Step::Dropped(Dropped::BadHeader(why))
    }
}

/// Copies frames from `input` to `output`, dropping malformed ones (reported on stderr). Returns
/// when `input` ends or `output` is closed; `output` is shut down so the reader sees the end.
pub async fn forward<R, W>(mut input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut parser = Parser::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        loop {
            match parser.step() {
                Step::More => break,
                Step::Frame(body) => {
                    if parser.repaired {
                        eprintln!(
                            "copydesk lsp: replaced lone surrogates or invalid UTF-8 in a frame with U+FFFD"
                        );
                    }
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    output.write_all(header.as_bytes()).await?;
                    output.write_all(&body).await?;
                    output.flush().await?;
                }
                Step::Dropped(d) => eprintln!("copydesk lsp: {d}"),
            }
        }
        if parser.eof {
            break;
        }
        let n = input.read(&mut chunk).await?;
        if n == 0 {
            parser.finish();
        } else {
            parser.push(&chunk[..n]);
        }
    }
    output.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    fn run(input: &str) -> (Vec<String>, usize) {
        let mut p = Parser::default();
        p.push(input.as_bytes());
        p.finish();
        let (mut frames, mut dropped) = (Vec::new(), 0);
        loop {
            match p.step() {
                Step::More => break,
                Step::Frame(b) => frames.push(String::from_utf8(b).unwrap()),
                Step::Dropped(_) => dropped += 1,
            }
        }
        (frames, dropped)
    }

    #[test]
    fn valid_frames_pass_through() {
        let input = frame(PING) + &frame(PING);
        assert_eq!(run(&input), (vec![PING.to_string(), PING.to_string()], 0));
    }

    #[test]
    fn split_input_is_reassembled() {
        let input = frame(PING);
        let mut p = Parser::default();
        let mut out = Vec::new();
        for b in input.as_bytes() {
            p.push(&[*b]);
            while let Step::Frame(f) = p.step() {
                out.push(f);
            }
        }
        assert_eq!(out, vec![PING.as_bytes().to_vec()]);
    }

    #[test]
    fn malformed_json_is_dropped_and_next_frame_kept() {
        let input = frame("{not json") + &frame(PING);
        assert_eq!(run(&input), (vec![PING.to_string()], 1));
    }

    #[test]
    fn json_that_is_not_jsonrpc_is_dropped() {
        let input = frame("[1,2,3]") + &frame(r#"{"hello":1}"#) + &frame(PING);
        assert_eq!(run(&input).0, vec![PING.to_string()]);
    }

    #[test]
    fn bad_headers_and_garbage_resync() {
        let input = "garbage\r\n".to_string()
            + "Content-Length: abc\r\n\r\n{}"
            + "Content-Type: x\r\n\r\n"
            + &frame(PING)
            + "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
            + &frame(PING);
        let (frames, dropped) = run(&input);
        assert_eq!(frames, vec![PING.to_string(), PING.to_string()]);
        assert!(dropped >= 3);
    }

    #[test]
    fn overstated_length_does_not_swallow_the_next_frame() {
        let input = "Content-Length: 60\r\n\r\n{\"x\":".to_string() + &frame(PING) + "          ";
        assert_eq!(run(&input).0, vec![PING.to_string()]);
    }

    #[test]
    fn lone_surrogates_and_invalid_utf8_become_replacement_characters() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"a":"\ud800 \\ud800 \udc00\ud83d\ude00 \"\ud83d","b":"\uDFFF"}}"#;
        let (frames, dropped) = run(&frame(body));
        assert_eq!(dropped, 0);
        let v: serde_json::Value = serde_json::from_str(&frames[0]).unwrap();
        assert_eq!(
            v["params"]["a"],
            "\u{FFFD} \\ud800 \u{FFFD}\u{1F600} \"\u{FFFD}"
        );
        assert_eq!(v["params"]["b"], "\u{FFFD}");
        let mut bytes = frame(r#"{"jsonrpc":"2.0","method":"x","params":"a?b"}"#).into_bytes();
        let q = bytes.iter().rposition(|&b| b == b'?').unwrap();
        bytes[q] = 0xFF;
        let mut p = Parser::default();
        p.push(&bytes);
        p.finish();
        let Step::Frame(f) = p.step() else {
            panic!("invalid UTF-8 was not repaired")
        };
        assert!(p.repaired);
        assert_eq!(
            String::from_utf8(f).unwrap(),
            "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"a\u{FFFD}b\"}"
        );
        // Still not JSON-RPC after repair: dropped.
        assert_eq!(run(&frame(r#"{"a":"\ud800"}"#)), (vec![], 1));
    }

    #[test]
    fn huge_length_is_rejected() {
        let input = "Content-Length: 99999999999\r\n\r\n".to_string() + &frame(PING);
        assert_eq!(run(&input).0, vec![PING.to_string()]);
    }
}
