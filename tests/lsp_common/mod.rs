//! A small LSP test client speaking real `Content-Length` framing over any byte streams: an
//! in-process server over `tokio::io::duplex`, or the built binary's stdin/stdout.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Guard against a hung test; not a performance assertion.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct TestClient<W, R> {
    write: W,
    read: BufReader<R>,
    next_id: i64,
    /// Messages received while waiting for something else.
    backlog: VecDeque<Value>,
    /// Every message received, in order, for assertions over the whole session.
    pub seen: Vec<Value>,
}

pub type InProcess = TestClient<tokio::io::DuplexStream, tokio::io::DuplexStream>;

/// Starts the server in-process and returns a client connected to it, plus the server task.
pub fn start() -> (InProcess, tokio::task::JoinHandle<copydesk::server::Ended>) {
    let (client_w, server_r) = tokio::io::duplex(1 << 20);
    let (server_w, client_r) = tokio::io::duplex(1 << 20);
    let task = tokio::spawn(copydesk::server::serve(server_r, server_w));
    (TestClient::new(client_w, client_r), task)
}

pub fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

impl<W: AsyncWrite + Unpin, R: AsyncRead + Unpin> TestClient<W, R> {
    pub fn new(write: W, read: R) -> Self {
        TestClient {
            write,
            read: BufReader::new(read),
            next_id: 1,
            backlog: VecDeque::new(),
            seen: Vec::new(),
        }
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.write.write_all(bytes).await.expect("write to server");
        self.write.flush().await.expect("flush");
    }

    pub async fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.send_raw(frame(&body).as_bytes()).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and returns its response message (with `result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await
    }

    /// `request` returning just the `result`, panicking on an error response.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request(method, params).await;
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    async fn read_frame(&mut self) -> Option<Value> {
        let mut length = None;
        loop {
            let mut line = String::new();
            let n = self.read.read_line(&mut line).await.ok()?;
            if n == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("server sent a frame without Content-Length")];
        self.read.read_exact(&mut body).await.ok()?;
        let v: Value = serde_json::from_slice(&body).expect("server sent invalid JSON");
        self.seen.push(v.clone());
        Some(v)
    }

    /// Next message from the server (backlog first); `None` when the server closed its output.
    pub async fn recv(&mut self) -> Option<Value> {
        if let Some(v) = self.backlog.pop_front() {
            return Some(v);
        }
        tokio::time::timeout(PATIENCE, self.read_frame())
            .await
            .expect("timed out waiting for the server")
    }

    /// Waits for a message matching `pred`; others are kept for later.
    pub async fn wait_for(&mut self, mut pred: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(i).unwrap();
        }
        let mut skipped = Vec::new();
        let found = loop {
            let v = tokio::time::timeout(PATIENCE, self.read_frame())
                .await
                .expect("timed out waiting for the server")
                .expect("server closed its output while we waited");
            if pred(&v) {
                break v;
            }
            skipped.push(v);
        };
        self.backlog.extend(skipped);
        found
    }

    /// Waits for `publishDiagnostics` for `uri` at `version`; returns its diagnostics.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        m["params"]["diagnostics"].as_array().cloned().unwrap()
    }

    /// Waits for a `window/logMessage` whose text contains `needle`.
    pub async fn log_containing(&mut self, needle: &str) -> Value {
        self.wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        })
        .await
    }

    /// `initialize` + `initialized`; returns the initialize result.
    pub async fn initialize(&mut self, capabilities: Value, options: Option<Value>) -> Value {
        let mut params = json!({"processId": null, "rootUri": null, "capabilities": capabilities});
        if let Some(o) = options {
            params["initializationOptions"] = o;
        }
        let result = self.call("initialize", params).await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        )
        .await;
    }

    /// One `didChange` with the given content changes.
    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    pub async fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .await
    }

    /// `shutdown` then `exit`.
    pub async fn shutdown(&mut self) {
        let r = self.call("shutdown", Value::Null).await;
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null).await;
    }
}

/// An LSP range as JSON.
pub fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

/// An incremental change.
pub fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> Value {
    json!({"range": range(l0, c0, l1, c1), "text": text})
}

pub const UTF8_CLIENT: &str = r#"{"general": {"positionEncodings": ["utf-8", "utf-16"]}}"#;

pub fn utf8_client() -> Value {
    serde_json::from_str(UTF8_CLIENT).unwrap()
}

/// The text of a hover's Markdown contents.
pub fn hover_text(h: &Value) -> String {
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
