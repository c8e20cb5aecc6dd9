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
use tower_lsp_server::ls_types::{Diagnostic, Uri};

#[derive(Serialize)]
struct Notification<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: &'a P,
}

/// `PublishDiagnosticsParams`, borrowed.
#[derive(Serialize)]
struct PublishDiagnostics<'a> {
    uri: &'a Uri,
    diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// A whole `textDocument/publishDiagnostics` frame, header included.
pub fn publish_diagnostics_frame(
    uri: &Uri,
    diagnostics: &[Diagnostic],
    version: Option<i32>,
) -> Vec<u8> {
    frame(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: &PublishDiagnostics {
            uri,
            diagnostics,
            version,
        },
    })
}

fn frame(message: &impl Serialize) -> Vec<u8> {
    // Serialising plain structs, strings and numbers cannot fail.
    let body = serde_json::to_vec(message).unwrap_or_default();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
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
