//! In-process protocol tests: a client talking real `Content-Length` framing to the server over
//! in-memory pipes.

mod lsp_common;

use lsp_common::*;
use serde_json::{Value, json};

const QUOTE: &str = "\"We will win in November and everyone knows it.\"";

fn q_len() -> u32 {
    QUOTE.len() as u32 // ASCII: the same in UTF-8 and UTF-16.
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_reports_capabilities_and_utf16_by_default() {
    let (mut c, server) = start();
    let r = c.initialize(json!({}), None).await;
    let caps = &r["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(
        caps["textDocumentSync"],
        json!({"openClose": true, "change": 2})
    );
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["diagnosticProvider"],
        json!({"identifier": "copydesk", "interFileDependencies": false, "workspaceDiagnostics": false})
    );
    assert_eq!(r["serverInfo"]["name"], "copydesk");
    let log = c.log_containing("ready").await;
    let msg = log["params"]["message"].as_str().unwrap();
    assert!(
        msg.contains(env!("CARGO_PKG_VERSION")) && msg.contains("utf-16"),
        "{msg}"
    );
    c.shutdown().await;
    assert_eq!(server.await.unwrap(), copydesk::server::Ended::Clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_negotiated_when_offered() {
    let (mut c, _server) = start();
    let r = c.initialize(utf8_client(), None).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    c.log_containing("position encoding utf-8").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_publishes_versioned_diagnostics_for_unattributed_quote() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let uri = "file:///desk/rain.txt";
    c.open(uri, "plaintext", 7, &format!("The rain fell.\n\n{QUOTE}\n"))
        .await;
    let diags = c.diagnostics(uri, 7).await;
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["source"], "copydesk");
    assert_eq!(d["code"], "unattributed-quote");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"], range(2, 0, 2, q_len()));
    assert!(d["message"].as_str().unwrap().contains("attribution"));

    // An attributed quote is clean.
    let clean = "file:///desk/smith.txt";
    c.open(clean, "text", 1, "\"We will win,\" Smith said.\n")
        .await;
    assert_eq!(c.diagnostics(clean, 1).await, Vec::<Value>::new());
}

/// The same editing session in either encoding: CRLF line breaks, then an emoji and a combining
/// accent inserted before the quote on its own line, then a word after the emoji replaced using
/// a position counted in the negotiated encoding.
async fn edit_session(utf8: bool) {
    let (mut c, _server) = start();
    c.initialize(if utf8 { utf8_client() } else { json!({}) }, None)
        .await;
    let uri = "file:///desk/edits.txt";
    c.open(uri, "plaintext", 1, "The rain fell.\r\n").await;
    assert!(c.diagnostics(uri, 1).await.is_empty());

    // v2: the quote arrives as its own paragraph, after CRLF line breaks.
    c.change(uri, 2, json!([edit(1, 0, 1, 0, &format!("\r\n{QUOTE}"))]))
        .await;
    let d = c.diagnostics(uri, 2).await;
    assert_eq!(codes(&d), ["unattributed-quote"]);
    assert_eq!(d[0]["range"], range(2, 0, 2, q_len()));

    // v3: two changes in one notification, applied in order: a lead-in with an emoji and a
    // combining accent before the quote, then "Row" (after the emoji) replaced by "Street".
    let lead = "It rained \u{1F600} on Cafe\u{301} Row. ";
    let units = |s: &str| {
        if utf8 {
            s.len() as u32
        } else {
            s.encode_utf16().count() as u32
        }
    };
    let row = units("It rained \u{1F600} on Cafe\u{301} ");
    c.change(
        uri,
        3,
        json!([edit(2, 0, 2, 0, lead), edit(2, row, 2, row + 3, "Street")]),
    )
    .await;
    let start = units("It rained \u{1F600} on Cafe\u{301} Street. ");
    let d = c.diagnostics(uri, 3).await;
    assert_eq!(codes(&d), ["unattributed-quote"]);
    assert_eq!(d[0]["range"], range(2, start, 2, start + q_len()));

    // A stale change is ignored (and logged); the document is unchanged.
    c.change(uri, 3, json!([edit(0, 0, 9, 0, "")])).await;
    c.log_containing("stale").await;
    // A change to a document that is not open is logged, nothing else.
    c.change("file:///desk/nope.txt", 5, json!([edit(0, 0, 0, 0, "x")]))
        .await;
    c.log_containing("not open").await;

    // v4: an out-of-range edit is clamped to the end of the document, not a crash.
    c.change(uri, 4, json!([edit(99, 99, 120, 0, "\r\nThe end.")]))
        .await;
    let d = c.diagnostics(uri, 4).await;
    assert_eq!(d[0]["range"], range(2, start, 2, start + q_len()));

    // Pull diagnostics agree with what was pushed.
    let report = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"], Value::Array(d));

    // Hover on the closing mark of the quote, located in the negotiated encoding.
    let h = c.hover(uri, 2, start + q_len() - 1).await;
    assert!(hover_text(&h).contains("Unattributed"), "{h}");
    assert_eq!(h["range"], range(2, start, 2, start + q_len()));

    // Versions published never go backwards.
    let versions: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_with_emoji_and_crlf_in_utf16() {
    edit_session(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_with_emoji_and_crlf_in_utf8() {
    edit_session(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_names_the_speaker_and_how_they_were_found() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let uri = "file:///desk/kerry.txt";
    let text = "Secretary of State John Kerry spoke in Geneva on Monday.\n\n\
                \u{201C}We will not give up,\u{201D} he said.\n\n\
                The so-called \u{201C}deal\u{201D} fell apart.\n";
    c.open(uri, "plaintext", 1, text).await;
    c.diagnostics(uri, 1).await;

    // On the opening mark and on the closing mark.
    for ch in [0, 21] {
        let h = c.hover(uri, 2, ch).await;
        let t = hover_text(&h);
        assert!(t.contains("**John Kerry**"), "{t}");
        assert!(
            t.contains("\u{201C}he\u{201D} → **John Kerry**, introduced on line 1"),
            "{t}"
        );
        assert!(t.contains("1 quote from John Kerry"), "{t}");
        assert_eq!(h["range"], range(2, 0, 2, 22));
    }
    // On the speaker's name.
    let h = c.hover(uri, 0, 22).await;
    let t = hover_text(&h);
    assert!(t.contains("**John Kerry**") && t.contains("line 1"), "{t}");

    // Scare quotes.
    let h = c.hover(uri, 4, 15).await;
    assert!(hover_text(&h).contains("scare quotes"), "{h}");

    // Unattributed: says what to add.
    let rain = "file:///desk/rain.txt";
    c.open(
        rain,
        "plaintext",
        1,
        &format!("The rain fell.\n\n{QUOTE}\n"),
    )
    .await;
    let h = c.hover(rain, 2, 3).await;
    assert!(hover_text(&h).contains("`, Name said.`"), "{h}");

    // Plain prose, and positions far outside the document: no hover, no crash.
    assert_eq!(c.hover(uri, 4, 2).await, Value::Null);
    let far = c.hover(uri, 4_000_000, 4_000_000).await;
    assert!(far.is_null() || far.is_object());
    // Unknown document.
    assert_eq!(c.hover("file:///desk/none.txt", 0, 0).await, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_code_and_links_are_not_read_as_quotes() {
    let (mut c, _server) = start();
    c.initialize(json!({}), None).await;
    let text = format!(
        "---\ntitle: \"Rain\"\n---\n\n```\n{QUOTE}\n```\n\nSee [the report](https://x.org \"Report\") and `\"code\"`.\n"
    );
    c.open("file:///desk/a.md", "markdown", 1, &text).await;
    assert_eq!(
        c.diagnostics("file:///desk/a.md", 1).await,
        Vec::<Value>::new()
    );
    // The same text as plain text: the quote in the fence is flagged.
    c.open("file:///desk/a.txt", "plaintext", 1, &text).await;
    let d = c.diagnostics("file:///desk/a.txt", 1).await;
    assert!(codes(&d).contains(&"unattributed-quote"), "{d:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_from_initialization_options_and_did_change_configuration() {
    let (mut c, _server) = start();
    c.initialize(
        json!({}),
        Some(json!({"checks": {"unattributed-quote": {"enabled": true, "severity": "error"}, "made-up": {}}})),
    )
    .await;
    c.log_containing("made-up").await;
    let uri = "file:///desk/cfg.txt";
    c.open(uri, "plaintext", 1, &format!("The rain fell.\n\n{QUOTE}\n"))
        .await;
    let d = c.diagnostics(uri, 1).await;
    assert_eq!(codes(&d), ["unattributed-quote"]);
    assert_eq!(d[0]["severity"], 1);

    // An empty settings change (Neovim sends one at start-up) keeps the settings we have.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {}}))
        .await;
    assert_eq!(c.diagnostics(uri, 1).await[0]["severity"], 1);

    // Turning the check off republishes the open document without it (wrapped form).
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"checks": {"unattributed-quote": {"enabled": false, "severity": "loud"}}}}}),
    )
    .await;
    c.log_containing("loud").await;
    assert_eq!(c.diagnostics(uri, 1).await, Vec::<Value>::new());
    let report = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(report["items"], json!([]));

    // Unwrapped form turns it back on at its default severity.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"checks": {"unattributed-quote": {"enabled": true}}}}),
    )
    .await;
    let d = c.diagnostics(uri, 1).await;
    assert_eq!(d[0]["severity"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_are_dropped_and_the_session_continues() {
    let (mut c, server) = start();
    c.initialize(json!({}), None).await;
    c.send_raw(frame("{this is not json").as_bytes()).await;
    c.send_raw(b"Content-Length: lots\r\n\r\n{}").await;
    c.send_raw(frame(r#"{"no": "jsonrpc"}"#).as_bytes()).await;
    c.send_raw(b"garbage between frames\r\n").await;
    // A request with the wrong params shape gets an error response, not a dead server.
    let bad = c
        .request("textDocument/hover", json!({"textDocument": 3}))
        .await;
    assert!(bad.get("error").is_some(), "{bad}");
    // And a valid request is still answered.
    let uri = "file:///desk/ok.txt";
    c.open(uri, "plaintext", 1, "The rain fell.\n").await;
    assert!(c.diagnostics(uri, 1).await.is_empty());
    assert_eq!(c.hover(uri, 0, 1).await, Value::Null);
    // Closing forgets the buffer: its diagnostics are cleared and changes are refused.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"] == json!([])
            && m["params"].get("version").is_none()
    })
    .await;
    c.change(uri, 2, json!([edit(0, 0, 0, 0, "x")])).await;
    c.log_containing("not open").await;
    // Reopened at the same version number with new text: diagnostics are for the new text.
    c.open(uri, "plaintext", 1, &format!("The rain fell.\n\n{QUOTE}\n"))
        .await;
    assert_eq!(codes(&c.diagnostics(uri, 1).await), ["unattributed-quote"]);
    c.shutdown().await;
    assert_eq!(server.await.unwrap(), copydesk::server::Ended::Clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_pulls_is_not_also_pushed_diagnostics() {
    let (mut c, _server) = start();
    // Neovim 0.11 and vscode-languageclient 9 pull when the server offers it; pushing as well
    // would show every finding twice.
    c.initialize(json!({"textDocument": {"diagnostic": {}}}), None)
        .await;
    let uri = "file:///desk/pull.txt";
    let text = format!("The rain fell.\n\n{QUOTE}\n");
    c.open(uri, "plaintext", 1, &text).await;
    let report = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(report["items"][0]["code"], "unattributed-quote", "{report}");
    c.change(uri, 2, json!([edit(2, 0, 2, 0, "Ana said: ")]))
        .await;
    let report = c
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(report["items"], json!([]), "{report}");
    c.shutdown().await;
    assert!(
        !c.seen
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "diagnostics were pushed to a client that pulls"
    );
}
