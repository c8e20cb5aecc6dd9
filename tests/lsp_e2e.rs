//! End to end: the built binary as an editor runs it, `copydesk lsp --stdio`.

mod lsp_common;

use std::process::Stdio;

use lsp_common::*;
use tokio::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_serves_a_session_over_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn copydesk lsp --stdio");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut c = TestClient::new(stdin, stdout);

    let r = c.initialize(utf8_client(), None).await;
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");

    // A malformed frame on the real stdin does not end the session.
    c.send_raw(frame("{oops").as_bytes()).await;

    let uri = "file:///desk/e2e.md";
    let text =
        "Intro \u{1F600} line.\r\n\r\n\"We will win in November and everyone knows it.\"\r\n";
    c.open(uri, "markdown", 1, text).await;
    let d = c.diagnostics(uri, 1).await;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "unattributed-quote");
    assert_eq!(d[0]["range"], range(2, 0, 2, 48));

    let h = c.hover(uri, 2, 47).await;
    assert!(hover_text(&h).contains("Unattributed"), "{h}");

    c.shutdown().await;
    let status = child.wait().await.expect("wait for the server");
    assert!(
        status.success(),
        "exit after shutdown should be clean: {status}"
    );
}
