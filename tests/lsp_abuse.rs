//! Protocol abuse: whatever an editor (or something pretending to be one) sends, the server
//! answers or logs a clear error, keeps running, and its state stays right: a hover afterwards
//! is still correct and diagnostics reflect the final text.

mod lsp_common;

use lsp_common::*;
use serde_json::{Value, json};

const INTRO: &str = "Maria Lopez, the finance minister, spoke on Tuesday.";
const SAID: &str = "\"We will not raise taxes,\" Lopez said.";
const BARE: &str = "\"Nobody will ever know who said this.\"";

/// Output pipe large enough that the server never blocks on a test that is busy writing.
const BIG_PIPE: usize = 1 << 28;

/// Like `lsp_common::start`, with pipes that never fill during a flood.
fn start_big() -> (InProcess, tokio::task::JoinHandle<copydesk::server::Ended>) {
    let (client_w, server_r) = tokio::io::duplex(BIG_PIPE);
    let (server_w, client_r) = tokio::io::duplex(BIG_PIPE);
    let task = tokio::spawn(copydesk::server::serve(server_r, server_w));
    (TestClient::new(client_w, client_r), task)
}

/// What the library itself reports for `text`: (code, line) of every finding. The server's
/// diagnostics must match it, whatever the engine's rules are at the time.
fn expected(text: &str) -> Vec<(String, u64)> {
    let analysis = copydesk::engine::analyze(text);
    let index = copydesk::position::LineIndex::new(text);
    copydesk::checks::run_all(text, &analysis, &copydesk::checks::CheckConfig::default())
        .iter()
        .map(|f| (f.code.to_string(), index.line_of(f.span.start) as u64))
        .collect()
}

fn found(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap_or_default().to_string();
            (code, d["range"]["start"]["line"].as_u64().unwrap())
        })
        .collect()
}

/// Waits for the diagnostics of `uri` at `version` and checks they are the library's for `text`.
async fn diagnostics_match(c: &mut InProcess, uri: &str, version: i64, text: &str) -> Vec<Value> {
    let d = c.diagnostics(uri, version).await;
    assert_eq!(found(&d), expected(text), "{uri} v{version}: {text:?}");
    d
}

/// The server still works: a fresh document gets the right diagnostics and hover.
async fn assert_healthy(c: &mut InProcess, name: &str) {
    let uri = format!("file:///desk/healthy-{name}.txt");
    let text = format!("{INTRO}\n\n{SAID}\n\n{BARE}\n");
    c.open(&uri, "plaintext", 1, &text).await;
    let d = diagnostics_match(c, &uri, 1, &text).await;
    assert!(!d.is_empty(), "the last quote is flagged");
    let h = c.hover(&uri, 2, 3).await;
    assert!(
        hover_text(&h).contains("Maria Lopez"),
        "hover after abuse: {h}"
    );
}

fn error_code(resp: &Value) -> i64 {
    resp["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("expected an error: {resp}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_before_initialize_are_refused_then_the_session_works() {
    let (mut c, server) = start();
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///a.txt"}, "position": {"line": 0, "character": 0}})).await;
    assert_eq!(error_code(&r), -32002, "server not initialized: {r}");
    // A notification before initialize is dropped, not fatal.
    c.open("file:///early.txt", "plaintext", 1, BARE).await;
    let r = c.request("shutdown", Value::Null).await;
    assert_eq!(error_code(&r), -32002);
    c.initialize(json!({}), None).await;
    // A second initialize is an error, and the first session stands.
    let again = c
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        )
        .await;
    assert!(again.get("error").is_some(), "{again}");
    assert_healthy(&mut c, "before-init").await;
    c.shutdown().await;
    assert_eq!(server.await.unwrap(), copydesk::server::Ended::Clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_and_bad_params_get_errors_not_a_dead_server() {
    let (mut c, server) = start();
    c.initialize(json!({}), None).await;
    let r = c.request("copydesk/doesNotExist", json!({"x": 1})).await;
    assert_eq!(error_code(&r), -32601, "method not found: {r}");
    let r = c.request("textDocument/definition", json!({})).await;
    assert!(r.get("error").is_some(), "{r}");
    c.notify("copydesk/unknownNotification", json!([1, 2, 3]))
        .await;
    c.notify("$/cancelRequest", json!({"id": 987654})).await;
    c.notify("$/setTrace", json!({"value": "verbose"})).await;
    // Wrong shapes: strings for numbers, positions beyond u32, missing fields.
    let r = c
        .request("textDocument/hover", json!({"textDocument": {"uri": "file:///x.txt"}, "position": {"line": "one", "character": 0}}))
        .await;
    assert_eq!(error_code(&r), -32602, "invalid params: {r}");
    let r = c
        .request("textDocument/hover", json!({"textDocument": {"uri": "file:///x.txt"}, "position": {"line": 1u64 << 40, "character": -1}}))
        .await;
    assert_eq!(error_code(&r), -32602, "{r}");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": 7}}))
        .await;
    c.notify("textDocument/didChange", json!({"contentChanges": "x"}))
        .await;
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": [1, {"checks": 5}]}),
    )
    .await;
    c.log_containing("ignored settings").await;
    // A request id that is a string, and one that is huge.
    c.send(&json!({"jsonrpc": "2.0", "id": "abc", "method": "copydesk/nope"}))
        .await;
    let r = c.wait_for(|m| m["id"] == "abc").await;
    assert_eq!(error_code(&r), -32601);
    c.send(&json!({"jsonrpc": "2.0", "id": i64::MAX, "method": "copydesk/nope"}))
        .await;
    let r = c.wait_for(|m| m["id"] == json!(i64::MAX)).await;
    assert_eq!(error_code(&r), -32601);
    assert_healthy(&mut c, "unknown").await;
    c.shutdown().await;
    // After shutdown, requests are refused but exit still ends the session cleanly.
    assert_eq!(server.await.unwrap(), copydesk::server::Ended::Clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_and_binary_bytes_are_dropped() {
    let (mut c, server) = start();
    c.initialize(json!({}), None).await;
    let junk: Vec<&[u8]> = vec![
        b"\0\0\0\0\x01\x02\xff\xfe",
        b"Content-Length: 5\r\n\r\n\xff\xfe\0\x01\x02",
        b"Content-Length: -1\r\n\r\n{}",
        b"Content-Length: 18446744073709551616\r\n\r\n",
        b"Content-Length: 3\r\nContent-Length: 2\r\n\r\n{}",
        b"Content-Length: 12\r\n\r\n{\"jsonrpc\":}",
        b"Content-Length:\r\n\r\n",
        b"\r\n\r\n\r\n",
        b"Content-Length: 4\n\nnull",
        b"Content-Length: 2\r\n\r\n[]",
        b"Content-Length: 37\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":[\"x\"],\"id\":1}",
    ];
    for j in junk {
        c.send_raw(j).await;
    }
    // Unescaped control characters inside a JSON string are invalid JSON: dropped.
    c.send_raw(
        frame("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{\"a\":\"\u{1}\"}}")
            .as_bytes(),
    )
    .await;
    assert_healthy(&mut c, "frames").await;
    c.shutdown().await;
    assert_eq!(server.await.unwrap(), copydesk::server::Ended::Clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_to_unknown_documents_are_logged_and_ignored() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let ghost = "file:///desk/ghost.txt";
    c.change(ghost, 2, json!([edit(0, 0, 0, 0, "x")])).await;
    c.log_containing("not open").await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ghost}}),
    )
    .await;
    c.log_containing("was not open").await;
    let h = c.hover(ghost, 0, 0).await;
    assert_eq!(h, Value::Null);
    let r = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": ghost}}),
        )
        .await;
    assert_eq!(r["items"], json!([]));
    // Not a valid URI at all.
    c.change("not a uri", 2, json!([edit(0, 0, 0, 0, "x")]))
        .await;
    assert_healthy(&mut c, "unknown-doc").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranges_past_the_end_are_clamped() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let uri = "file:///desk/clamp.txt";
    c.open(uri, "plaintext", 1, INTRO).await;
    c.diagnostics(uri, 1).await;
    // Past the end of the document: an append.
    c.change(
        uri,
        2,
        json!([edit(99, 0, 1000, 5, &format!("\n\n{BARE}"))]),
    )
    .await;
    let d = diagnostics_match(&mut c, uri, 2, &format!("{INTRO}\n\n{BARE}")).await;
    assert_eq!(d[0]["range"], range(2, 0, 2, BARE.len() as u32));
    // Past the end of a line: clamped before its line break; u32::MAX everywhere.
    c.change(
        uri,
        3,
        json!([edit(0, u32::MAX, 0, u32::MAX, " It rained.")]),
    )
    .await;
    diagnostics_match(&mut c, uri, 3, &format!("{INTRO} It rained.\n\n{BARE}")).await;
    // A reversed range is normalised: this deletes the bare quote (line 2) entirely.
    c.change(uri, 4, json!([edit(u32::MAX, u32::MAX, 1, 0, "")]))
        .await;
    diagnostics_match(&mut c, uri, 4, &format!("{INTRO} It rained.\n")).await;
    // Inside a surrogate pair (UTF-16 unit 1 of an emoji): snaps back to the emoji's start.
    c.change(uri, 5, json!([{"text": "\u{1F600}x"}])).await;
    diagnostics_match(&mut c, uri, 5, "\u{1F600}x").await;
    c.change(uri, 6, json!([edit(0, 1, 0, 1, "A")])).await;
    diagnostics_match(&mut c, uri, 6, "A\u{1F600}x").await;
    c.change(
        uri,
        7,
        json!([edit(0, 0, 0, 0, &format!("\n\n{BARE}\n\n"))]),
    )
    .await;
    let d = diagnostics_match(&mut c, uri, 7, &format!("\n\n{BARE}\n\nA\u{1F600}x")).await;
    assert!(!d.is_empty());
    // Hovering the quote still works, and hovers where the emoji sits find nothing.
    let h = c.hover(uri, 2, 1).await;
    assert_eq!(h["range"]["start"]["line"], 2, "{h}");
    let h = c.hover(uri, 4, 3).await;
    assert_eq!(h, Value::Null);
    // Hovers far outside the document are clamped too.
    let h = c.hover(uri, u32::MAX, u32::MAX).await;
    assert_eq!(h, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_out_of_order_are_ignored() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let uri = "file:///desk/versions.txt";
    c.open(uri, "plaintext", 10, INTRO).await;
    c.diagnostics(uri, 10).await;
    c.change(uri, 12, json!([{"text": format!("{INTRO}\n\n{BARE}")}]))
        .await;
    diagnostics_match(&mut c, uri, 12, &format!("{INTRO}\n\n{BARE}")).await;
    // Older and equal versions: ignored and logged.
    for v in [11, 12, -5, i32::MIN as i64] {
        c.change(uri, v, json!([{"text": "wiped"}])).await;
        c.log_containing(&format!("version {v}, already at 12"))
            .await;
    }
    // A jump forward is fine.
    c.change(
        uri,
        i32::MAX as i64,
        json!([{"text": format!("{INTRO}\n\n{SAID}")}]),
    )
    .await;
    assert!(c.diagnostics(uri, i32::MAX as i64).await.is_empty());
    let h = c.hover(uri, 2, 3).await;
    assert!(hover_text(&h).contains("Maria Lopez"), "{h}");
    // Past i32: the notification does not deserialize; the document is unchanged.
    c.change(uri, 1i64 << 40, json!([{"text": "wiped"}])).await;
    let h = c.hover(uri, 2, 3).await;
    assert!(hover_text(&h).contains("Maria Lopez"), "{h}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_junk_in_a_document() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let uri = "file:///desk/junk.txt";
    let junk: String = (0u32..0x20).filter_map(char::from_u32).collect::<String>()
        + "\u{7f}\u{80}\u{9f}\u{FFFD}\u{FEFF}\u{200B}\u{202E}\u{10FFFF}";
    let text = format!("{junk}\n\n{INTRO}\0\n\n{SAID}\n\n\0{BARE}\0\n");
    c.open(uri, "plaintext", 1, &text).await;
    let d = diagnostics_match(&mut c, uri, 1, &text).await;
    assert!(!d.is_empty());
    // Lone surrogates, escaped in JSON as VS Code sends them (JavaScript strings may hold them).
    let lone = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///desk/lone.txt","languageId":"plaintext","version":1,"text":"\ud800 \udfff \"Lone,\" Lopez said. \ud83d\ude00\n\n\"Nobody will ever know who said this.\"\n"}}}"#;
    c.send_raw(frame(lone).as_bytes()).await;
    let lone_text = format!("\u{FFFD} \u{FFFD} \"Lone,\" Lopez said. \u{1F600}\n\n{BARE}\n");
    diagnostics_match(&mut c, "file:///desk/lone.txt", 1, &lone_text).await;
    // A change carrying a lone surrogate is applied too (as U+FFFD).
    let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///desk/lone.txt","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":0},"end":{"line":3,"character":0}},"text":"\udc00"}]}}"#;
    c.send_raw(frame(change).as_bytes()).await;
    let lone_text = "\u{FFFD} \u{FFFD} \"Lone,\" Lopez said. \u{1F600}\n\n\u{FFFD}";
    diagnostics_match(&mut c, "file:///desk/lone.txt", 2, lone_text).await;
    // A hover request with a lone surrogate in its URI is still answered.
    let req = r#"{"jsonrpc":"2.0","id":"lone-hover","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///desk/\ud800.txt"},"position":{"line":0,"character":0}}}"#;
    c.send_raw(frame(req).as_bytes()).await;
    let r = c.wait_for(|m| m["id"] == "lone-hover").await;
    assert_eq!(r["result"], Value::Null, "{r}");
    assert_healthy(&mut c, "junk").await;
}

/// Waits up to `limit` for `publishDiagnostics` of `uri` at `version`, hovering another document
/// every few seconds meanwhile: the server must stay responsive while a big analysis runs.
async fn diagnostics_patiently(
    c: &mut InProcess,
    uri: &str,
    version: i64,
    other: &str,
    limit: std::time::Duration,
) -> Vec<Value> {
    let started = std::time::Instant::now();
    for ping in 0.. {
        assert!(
            started.elapsed() < limit,
            "no diagnostics for {uri} v{version} after {limit:?}"
        );
        let id = format!("ping-{ping}");
        c.send(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                       "params": {"textDocument": {"uri": other}, "position": {"line": 2, "character": 3}}}))
            .await;
        let m = c
            .wait_for(|m| {
                m["id"] == id.as_str()
                    || (m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == uri
                        && m["params"]["version"] == version)
            })
            .await;
        if m["id"] == id.as_str() {
            assert!(hover_text(&m["result"]).contains("Maria Lopez"), "{m}");
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
            continue;
        }
        return m["params"]["diagnostics"].as_array().cloned().unwrap();
    }
    unreachable!()
}

/// How long a 10 MB analysis may take here (debug build, two cores shared with the other tests).
const HUGE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_megabyte_document() {
    let (mut c, _server) = start_big();
    c.initialize(json!({}), None).await;
    assert_healthy(&mut c, "huge").await;
    let other = "file:///desk/healthy-huge.txt";
    let uri = "file:///desk/huge.txt";
    let para = format!("{INTRO}\n\n{SAID}\n\n");
    let mut text = String::with_capacity(10 << 20);
    while text.len() < 10 << 20 {
        text.push_str(&para);
    }
    text.push_str(BARE);
    let lines = text.matches('\n').count() as u32;
    c.open(uri, "plaintext", 1, &text).await;
    let d = diagnostics_patiently(&mut c, uri, 1, other, HUGE_PATIENCE).await;
    // Every paragraph but the last attributes its quote; the last quote has no cue at all.
    assert!(
        !d.is_empty() && d.iter().all(|d| d["range"]["start"]["line"] == lines),
        "{d:?}"
    );
    let h = c.hover(uri, lines, 2).await;
    assert_eq!(h["range"]["start"]["line"], lines, "{h}");
    let h = c.hover(uri, 2, 3).await;
    assert!(hover_text(&h).contains("Maria Lopez"), "{h}");
    // An edit at the very end of the huge document: attributing the last quote.
    let end = BARE.len() as u32;
    c.change(
        uri,
        2,
        json!([edit(lines, end, lines, end, " Lopez said.")]),
    )
    .await;
    let d = diagnostics_patiently(&mut c, uri, 2, other, HUGE_PATIENCE).await;
    assert!(d.is_empty(), "{d:?}");
}

/// A small deterministic generator, so the flood is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as u32) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_ten_thousand_edits() {
    let (mut c, _server) = start_big();
    c.initialize(utf8_client(), None).await;
    let uri = "file:///desk/flood.txt";
    let mut text = format!("{INTRO}\n\n{SAID}\n");
    c.open(uri, "plaintext", 1, &text).await;
    let pieces = [
        "a",
        " ",
        "\"",
        "\u{201C}",
        "\u{201D}",
        "\n",
        "\n\n",
        "\r\n",
        " said",
        "Lopez",
        "\u{1F600}",
        "e\u{301}",
        "",
    ];
    let mut rng = Lcg(0x5eed);
    let mut version = 1;
    for _ in 0..10_000 {
        version += 1;
        // One insertion or deletion at a random char boundary, addressed in UTF-8 positions.
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .filter(|&b| !(b > 0 && text.as_bytes()[b - 1] == b'\r' && text[b..].starts_with('\n')))
            .collect();
        let a = bounds[rng.next(bounds.len() as u32) as usize];
        let b = if text.len() > 400 || rng.next(3) == 0 {
            bounds[(bounds.iter().position(|&x| x == a).unwrap() + rng.next(4) as usize)
                .min(bounds.len() - 1)]
        } else {
            a
        };
        let piece = if text.len() > 400 {
            ""
        } else {
            pieces[rng.next(pieces.len() as u32) as usize]
        };
        let index = copydesk::position::LineIndex::new(&text);
        let p = index.position(&text, a, copydesk::position::Encoding::Utf8);
        let q = index.position(&text, b, copydesk::position::Encoding::Utf8);
        text.replace_range(a..b, piece);
        c.change(
            uri,
            version,
            json!([edit(p.line, p.character, q.line, q.character, piece)]),
        )
        .await;
    }
    let flooded = c.diagnostics(uri, version).await;
    // The same text opened fresh gets the same diagnostics.
    let fresh = "file:///desk/flood-fresh.txt";
    c.open(fresh, "plaintext", 1, &text).await;
    assert_eq!(
        flooded,
        c.diagnostics(fresh, 1).await,
        "final text: {text:?}"
    );
    let r = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(r["items"], json!(flooded));
    assert_healthy(&mut c, "flood").await;
}

/// Edits to a long document arriving faster than it is analysed: each newer version stops the
/// analysis of the older one between two paragraphs (or before it starts), and nothing is
/// published for it. The last version's diagnostics are published, are a fresh analysis's, and
/// no version is published after a newer one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_edits_to_a_long_document_cancel_the_older_analyses() {
    let (mut c, _server) = start_big();
    c.initialize(utf8_client(), None).await;
    let uri = "file:///desk/rapid.txt";
    let long = include_str!("../benches/fixtures/article-100k.txt");
    let mut end = long.len() / 4;
    while !long.is_char_boundary(end) {
        end -= 1;
    }
    let mut text = long[..end].to_string();
    c.open(uri, "plaintext", 1, &text).await;
    let mut rng = Lcg(0xcafe);
    let mut version = 1;
    for _ in 0..40 {
        version += 1;
        // Mostly in the first paragraph, so the document pass runs from the start (the longest
        // work to stop); sometimes a paragraph break or a quotation mark anywhere.
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .filter(|&b| !(b > 0 && text.as_bytes()[b - 1] == b'\r' && text[b..].starts_with('\n')))
            .collect();
        let (a, piece) = match rng.next(4) {
            0 => (bounds[rng.next(bounds.len() as u32) as usize], "\n\n"),
            1 => (bounds[rng.next(bounds.len() as u32) as usize], "\u{201C}"),
            _ => (bounds[rng.next(20) as usize], "Lopez said "),
        };
        let index = copydesk::position::LineIndex::new(&text);
        let p = index.position(&text, a, copydesk::position::Encoding::Utf8);
        text.insert_str(a, piece);
        c.change(
            uri,
            version,
            json!([edit(p.line, p.character, p.line, p.character, piece)]),
        )
        .await;
        // Sometimes at once (the older job gives up before it starts), sometimes once an
        // analysis is under way (it stops part-way).
        let pause = rng.next(40) as u64;
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
    }
    let last = c.diagnostics(uri, version).await;
    assert_eq!(found(&last), expected(&text));
    let fresh = "file:///desk/rapid-fresh.txt";
    c.open(fresh, "plaintext", 1, &text).await;
    assert_eq!(last, c.diagnostics(fresh, 1).await);
    let published: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(
        published.windows(2).all(|w| w[0] < w[1]) && published.last() == Some(&version),
        "{published:?}"
    );
    // A cancelled analysis is not a failed one.
    let failures: Vec<&Value> = c
        .seen
        .iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("failed"))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    assert_healthy(&mut c, "rapid").await;
}
