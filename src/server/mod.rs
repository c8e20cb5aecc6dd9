//! The copydesk language server: diagnostics for unattributed and unbalanced quotes, and hovers
//! telling who said each quote.
//!
//! Requests are processed one at a time (tower-lsp-server concurrency 1) so edits apply strictly
//! in order; analysis runs on the blocking pool and diagnostics are published from background
//! tasks, only for the version that is still current. A newer version of a document cancels the
//! analysis of an older one, queued or running.

pub mod config;
pub mod convert;
pub mod documents;
pub mod framing;
pub mod output;

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::checks::CheckConfig;
use crate::position::Encoding;
use documents::{Analyzed, ChangeError, Documents, Language};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// State shared by the handlers and the background publishing tasks.
struct State {
    client: Client,
    docs: Mutex<Documents>,
    config: RwLock<CheckConfig>,
    encoding: RwLock<Encoding>,
    shutdown: AtomicBool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): pushing as well would show
    /// every finding twice, so pushes are skipped.
    client_pulls: AtomicBool,
    /// The client accepts `workspace/diagnostic/refresh`, sent when settings change.
    client_refreshes: AtomicBool,
    /// Held while checking a version is current and sending its diagnostics, so an older
    /// version can never be published after a newer one.
    publish: tokio::sync::Mutex<()>,
    /// Whole frames written to the client beside tower-lsp-server's own (see [`output`]):
    /// every `textDocument/publishDiagnostics` goes this way, serialised straight to bytes.
    frames: UnboundedSender<Vec<u8>>,
}

/// What one analysis attempt came to.
enum Outcome {
    /// The analysis, with the diagnostics frame when one was asked for and built in the same
    /// job (`Err` if a check panicked), and the document's previous analysis when this one
    /// replaced it (freeing a long document's analysis takes a while: the caller drops it once
    /// nobody is waiting).
    Done(
        Arc<Analyzed>,
        Option<Result<Vec<u8>, ()>>,
        Option<Arc<Analyzed>>,
    ),
    /// A newer version arrived before the analysis started or while it ran (it stopped between
    /// two paragraphs).
    Superseded,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl State {
    fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|p| p.into_inner())
    }

    fn checks(&self) -> CheckConfig {
        self.config
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    async fn log(&self, typ: MessageType, msg: impl std::fmt::Display) {
        self.client.log_message(typ, msg).await;
    }

    /// The analysis of the current version of `uri`: cached, or computed on the blocking pool.
    /// `None` for an unknown document or when the analysis failed (which is logged). When a
    /// newer version arrives while an older one is being analysed, the newer one is analysed
    /// instead.
    async fn analyzed(&self, uri: &Uri) -> Option<Arc<Analyzed>> {
        self.analyzed_with_frame(uri, false)
            .await
            .map(|(a, _, _)| a)
    }

    /// [`State::analyzed`], and with `frame` also the `publishDiagnostics` frame under the
    /// current settings, built in the same blocking job as the analysis when there is one (one
    /// hand-over between threads per keystroke instead of two). The frame is `None` when it was
    /// not built there (the analysis was cached), `Err` when a check panicked. Also the
    /// analysis this one replaced, if any, for the caller to drop when it suits.
    #[allow(clippy::type_complexity)]
    async fn analyzed_with_frame(
        &self,
        uri: &Uri,
        frame: bool,
    ) -> Option<(
        Arc<Analyzed>,
        Option<Result<Vec<u8>, ()>>,
        Option<Arc<Analyzed>>,
    )> {
        loop {
            match self.analyze_current(uri, frame).await? {
                Outcome::Done(a, f, old) => return Some((a, f, old)),
                Outcome::Superseded => continue,
            }
        }
    }

    /// One attempt at [`State::analyzed_with_frame`].
    async fn analyze_current(&self, uri: &Uri, frame: bool) -> Option<Outcome> {
        let frame = frame.then(|| (uri.clone(), self.checks(), self.encoding()));
        let (doc_id, version, rope, language, analyzer, latest, previous) = {
            let docs = lock(&self.docs);
            let doc = docs.get(uri)?;
            if let Some(a) = &doc.analyzed
                && a.version == doc.version
            {
                return Some(Outcome::Done(a.clone(), None, None));
            }
            // A rope clone is O(1): the text is copied out on the blocking pool.
            (
                doc.id,
                doc.version,
                doc.rope.clone(),
                doc.language,
                doc.analyzer.clone(),
                doc.latest.clone(),
                // Its line index is reused for the lines the edit did not touch.
                doc.analyzed.clone(),
            )
        };
        let job = tokio::task::spawn_blocking(move || {
            // Jobs for one document take turns on its analyzer; one that waited behind a
            // newer edit gives up rather than analyse text nobody will see.
            let mut analyzer = lock(&analyzer);
            if latest.load(Ordering::SeqCst) != version {
                return Ok(None);
            }
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                // Sized once (`to_string` would grow the buffer chunk by chunk).
                let text = String::from(&rope);
                // A newer version stops the analysis between two paragraphs: its own job
                // comes next. Nothing of this one is kept but the analyzer's cache and state,
                // which stay good for any text.
                let superseded = || latest.load(Ordering::SeqCst) != version;
                let analysis = match language {
                    Language::Markdown => {
                        analyzer.analyze_cancellable(&crate::markdown::mask(&text), &superseded)
                    }
                    Language::Plaintext => analyzer.analyze_cancellable(&text, &superseded),
                };
                let Ok(analysis) = analysis else {
                    return None;
                };
                let index = match &previous {
                    Some(p) => crate::position::LineIndex::edited(&p.index, &p.text, &text),
                    None => crate::position::LineIndex::new(&text),
                };
                Some(Analyzed {
                    doc: doc_id,
                    version,
                    text,
                    index,
                    analysis,
                })
            }));
            if result.is_err() {
                // Whatever the cache held, start the next analysis from scratch.
                analyzer.clear();
            }
            drop(analyzer);
            let a = match result {
                Ok(Some(a)) => a,
                // Cancelled by a newer version.
                Ok(None) => return Ok(None),
                Err(panic) => return Err(panic),
            };
            // Not for a version already superseded: nobody would publish it.
            let current = latest.load(Ordering::SeqCst) == version;
            let built = frame.filter(|_| current).map(|(uri, config, enc)| {
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    convert::diagnostics_frame(&a, &config, enc, &uri, Some(a.version))
                }))
                .map_err(|_| ())
            });
            Ok(Some((a, built)))
        });
        let (analyzed, built) = match job.await {
            Ok(Ok(Some((a, built)))) => (Arc::new(a), built),
            Ok(Ok(None)) => return Some(Outcome::Superseded),
            Ok(Err(_)) | Err(_) => {
                self.log(
                    MessageType::ERROR,
                    format!(
                        "analysis of {} (version {version}) failed; the server keeps running",
                        uri.as_str()
                    ),
                )
                .await;
                return None;
            }
        };
        let mut replaced = None;
        {
            let mut docs = lock(&self.docs);
            if let Some(doc) = docs.get_mut(uri)
                && doc.id == doc_id
                && doc.version == version
            {
                replaced = doc.analyzed.replace(analyzed.clone());
            }
        }
        Some(Outcome::Done(analyzed, built, replaced))
    }

    /// Diagnostics for an analysed document under the current settings; empty (and logged) if
    /// a check panics.
    async fn diagnostics(&self, a: Arc<Analyzed>) -> Vec<Diagnostic> {
        let config = self.checks();
        let enc = self.encoding();
        let job = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| convert::diagnostics(&a, &config, enc)))
        });
        match job.await {
            Ok(Ok(d)) => d,
            _ => {
                self.log(MessageType::ERROR, "running the checks failed")
                    .await;
                Vec::new()
            }
        }
    }

    /// The `publishDiagnostics` frame for an analysed document under the current settings,
    /// built on the blocking pool; `None` (logged) if a check panics.
    async fn diagnostics_frame(&self, a: Arc<Analyzed>, uri: Uri) -> Option<Vec<u8>> {
        let config = self.checks();
        let enc = self.encoding();
        let job = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                convert::diagnostics_frame(&a, &config, enc, &uri, Some(a.version))
            }))
        });
        match job.await {
            Ok(Ok(frame)) => Some(frame),
            _ => {
                self.log(MessageType::ERROR, "running the checks failed")
                    .await;
                None
            }
        }
    }

    /// Sends a frame built by [`output`] to the client.
    fn send_frame(&self, frame: Vec<u8>) {
        // Fails only once the session is over and the writer gone: nobody to tell.
        let _ = self.frames.send(frame);
    }

    /// Analyses `uri` and publishes its diagnostics, unless a newer version has arrived.
    async fn refresh(self: Arc<Self>, uri: Uri, doc_id: u64, version: i32) {
        if lock(&self.docs).current(&uri) != Some((doc_id, version)) {
            return; // Superseded before we started: the newer change has its own refresh.
        }
        if self.client_pulls.load(Ordering::SeqCst) {
            return; // The client asks for diagnostics itself.
        }
        // Not `analyzed_with_frame`, which would go on to analyse the newer version: that
        // version's own refresh does, and this one would only wait its turn to do it again.
        let (a, built, replaced) = match self.analyze_current(&uri, true).await {
            Some(Outcome::Done(a, built, replaced)) => (a, built, replaced),
            Some(Outcome::Superseded) | None => return,
        };
        if (a.doc, a.version) != (doc_id, version) {
            return;
        }
        let frame = match built {
            Some(Ok(f)) => Some(f),
            Some(Err(())) => {
                self.log(MessageType::ERROR, "running the checks failed")
                    .await;
                None
            }
            None => self.diagnostics_frame(a, uri.clone()).await,
        };
        let frame = match frame {
            Some(f) => f,
            // A check failed: publish no findings rather than stale ones.
            None => output::publish_diagnostics_frame(&uri, &[], Some(version)),
        };
        let _guard = self.publish.lock().await;
        {
            let mut docs = lock(&self.docs);
            let Some(doc) = docs.get_mut(&uri) else {
                return;
            };
            if doc.id != doc_id
                || doc.version != version
                || doc.published.is_some_and(|p| p > version)
            {
                return;
            }
            doc.published = Some(version);
        }
        self.send_frame(frame);
        // The frame is on its way: now free the previous analysis.
        drop(_guard);
        drop(replaced);
    }

    fn spawn_refresh(self: &Arc<Self>, uri: Uri, doc_id: u64, version: i32) {
        tokio::spawn(self.clone().refresh(uri, doc_id, version));
    }

    async fn apply_settings(&self, value: &Value, source: &str) {
        let parsed = config::parse(value);
        for w in &parsed.warnings {
            self.log(MessageType::WARNING, format!("{source}: {w}"))
                .await;
        }
        if let Some(checks) = parsed.checks {
            *self.config.write().unwrap_or_else(|p| p.into_inner()) = checks;
        }
    }
}

/// The `LanguageServer` implementation.
pub struct Backend {
    state: Arc<State>,
}

impl Backend {
    /// A backend whose diagnostics go out as whole frames on `frames` (see [`output`]).
    pub fn new(client: Client, frames: UnboundedSender<Vec<u8>>) -> Self {
        Backend {
            state: Arc::new(State {
                client,
                docs: Mutex::new(Documents::default()),
                config: RwLock::new(CheckConfig::default()),
                encoding: RwLock::new(Encoding::Utf16),
                shutdown: AtomicBool::new(false),
                client_pulls: AtomicBool::new(false),
                client_refreshes: AtomicBool::new(false),
                publish: tokio::sync::Mutex::new(()),
                frames,
            }),
        }
    }

    /// Whether the client asked to shut down (so `exit` is clean).
    pub fn shutdown_requested(&self) -> bool {
        self.state.shutdown.load(Ordering::SeqCst)
    }
}

/// Picks UTF-8 when the client offers it, else the mandatory UTF-16.
pub fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let enc = negotiate_encoding(&params);
        let caps = &params.capabilities;
        let pulls = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let refreshes = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        self.state.client_pulls.store(pulls, Ordering::SeqCst);
        self.state
            .client_refreshes
            .store(refreshes, Ordering::SeqCst);
        *self
            .state
            .encoding
            .write()
            .unwrap_or_else(|p| p.into_inner()) = enc;
        if let Some(opts) = &params.initialization_options {
            self.state
                .apply_settings(opts, "initializationOptions")
                .await;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("copydesk".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".into(),
                version: Some(VERSION.into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.state
            .log(
                MessageType::INFO,
                format!(
                    "copydesk {VERSION} ready; position encoding {}",
                    self.state.encoding().as_str()
                ),
            )
            .await;
    }

    async fn shutdown(&self) -> RpcResult<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let (language, known) = Language::from_id(&d.language_id);
        let id = lock(&self.state.docs).open(d.uri.clone(), &d.text, d.version, language);
        if !known {
            self.state
                .log(
                    MessageType::INFO,
                    format!(
                        "{}: language id `{}` read as plain text",
                        d.uri.as_str(),
                        d.language_id
                    ),
                )
                .await;
        }
        self.state.spawn_refresh(d.uri, id, d.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.state.encoding();
        // Applied synchronously, before any await: edits can never be reordered. Nothing in
        // `change` is known to panic (fuzz/edits), but a panic here would take the whole server
        // down: if one ever happens the buffer is forgotten rather than left half-edited.
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            lock(&self.state.docs).change(&uri, version, &params.content_changes, enc)
        }));
        let Ok(result) = result else {
            lock(&self.state.docs).close(&uri);
            self.state
                .log(
                    MessageType::ERROR,
                    format!(
                        "applying change {version} to {} failed; the server forgot the document: close and reopen it",
                        uri.as_str()
                    ),
                )
                .await;
            return;
        };
        match result {
            Ok(id) => self.state.spawn_refresh(uri, id, version),
            Err(ChangeError::UnknownDocument) => {
                self.state
                    .log(
                        MessageType::WARNING,
                        format!("ignored change to {}: document is not open", uri.as_str()),
                    )
                    .await;
            }
            Err(ChangeError::Stale { have, got }) => {
                self.state
                    .log(
                        MessageType::WARNING,
                        format!(
                            "ignored stale change to {} (version {got}, already at {have})",
                            uri.as_str()
                        ),
                    )
                    .await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if !lock(&self.state.docs).close(&uri) {
            self.state
                .log(
                    MessageType::WARNING,
                    format!("close of {}: document was not open", uri.as_str()),
                )
                .await;
        }
        // Clear what we published: the problems belong to a buffer that no longer exists.
        let _guard = self.state.publish.lock().await;
        self.state
            .send_frame(output::publish_diagnostics_frame(&uri, &[], None));
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.state
            .apply_settings(&params.settings, "didChangeConfiguration")
            .await;
        if self.state.client_pulls.load(Ordering::SeqCst) {
            if self.state.client_refreshes.load(Ordering::SeqCst)
                && self
                    .state
                    .client
                    .workspace_diagnostic_refresh()
                    .await
                    .is_err()
            {
                self.state
                    .log(MessageType::WARNING, "workspace/diagnostic/refresh failed")
                    .await;
            }
            return;
        }
        let open = lock(&self.state.docs).open_documents();
        for (uri, id, version) in open {
            self.state.spawn_refresh(uri, id, version);
        }
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        let pos = params.text_document_position_params;
        let uri = pos.text_document.uri;
        let Some(a) = self.state.analyzed(&uri).await else {
            if lock(&self.state.docs).get(&uri).is_none() {
                self.state
                    .log(
                        MessageType::WARNING,
                        format!("hover in {}: document is not open", uri.as_str()),
                    )
                    .await;
            }
            return Ok(None);
        };
        let enc = self.state.encoding();
        let position = pos.position;
        let job = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                convert::hover(&a, convert::offset(&a, position, enc), enc)
            }))
        });
        match job.await {
            Ok(Ok(h)) => Ok(h),
            _ => {
                self.state
                    .log(MessageType::ERROR, "hover failed; the server keeps running")
                    .await;
                Ok(None)
            }
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> RpcResult<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = match self.state.analyzed(&uri).await {
            Some(a) => self.state.diagnostics(a).await,
            None => {
                if lock(&self.state.docs).get(&uri).is_none() {
                    self.state
                        .log(
                            MessageType::WARNING,
                            format!("diagnostics for {}: document is not open", uri.as_str()),
                        )
                        .await;
                }
                Vec::new()
            }
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `exit` after `shutdown`, or the input closed.
    Clean,
    /// `exit` without a `shutdown` first (LSP: exit code 1).
    ExitWithoutShutdown,
}

/// Serves one LSP session over `input`/`output` (raw `Content-Length` framed byte streams).
/// Malformed frames are dropped by [`framing`] before tower-lsp-server sees them.
pub async fn serve<I, O>(input: I, output: O) -> Ended
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (frames, own_frames) = tokio::sync::mpsc::unbounded_channel();
    let (service, socket) = LspService::new(move |client| Backend::new(client, frames));
    let shutdown = service.inner().state.clone();
    let (pipe_in, pipe_out) = tokio::io::duplex(1 << 20);
    // tower-lsp-server writes into a pipe; one writer copies its frames and ours to `output`.
    let (tower_out, tower_frames) = tokio::io::duplex(1 << 20);
    let writer = tokio::spawn(output::merge(tower_frames, own_frames, output));
    let reader = tokio::spawn(async move {
        if let Err(e) = framing::forward(input, pipe_in).await {
            eprintln!("copydesk lsp: reading input failed: {e}");
        }
    });
    Server::new(pipe_out, tower_out, socket)
        .concurrency_level(1)
        .serve(service)
        .await;
    reader.abort();
    // The pipe from tower-lsp-server is closed now: the writer sends what is left and ends.
    if let Ok(Err(e)) = writer.await {
        eprintln!("copydesk lsp: writing output failed: {e}");
    }
    if shutdown.shutdown.load(Ordering::SeqCst) {
        Ended::Clean
    } else {
        // Either `exit` came without `shutdown`, or the input simply closed; both are unclean
        // per LSP, but a closed input is the client going away, not an error of ours.
        Ended::ExitWithoutShutdown
    }
}

/// A long document's `publishDiagnostics` frame runs to hundreds of kilobytes (291 KB for
/// 1,029 findings in 100,000 words); through a pipe of the default 64 KiB the writer waits for
/// the editor to drain it four or five times per frame, a context switch each. Asking for a
/// 1 MiB pipe (the unprivileged limit) lets the frame go in one write. Best effort: stdout may
/// be no pipe, or the limit lower; then nothing changes.
fn widen_stdout_pipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: fcntl on fd 1 with an integer argument; it reads no memory of ours, and a
    // failure (not a pipe, limit too low) only returns -1.
    unsafe {
        libc::fcntl(1, libc::F_SETPIPE_SZ, 1 << 20);
    }
}

/// Runs the language server on stdin/stdout until the client exits. Builds its own runtime.
pub fn serve_stdio() -> anyhow::Result<()> {
    widen_stdout_pipe();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("copydesk-lsp")
        .build()?;
    let ended = rt.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The stdin reader may be parked in a blocking read: don't wait for it.
    rt.shutdown_background();
    match ended {
        Ended::Clean => Ok(()),
        Ended::ExitWithoutShutdown => {
            anyhow::bail!("the client ended the session without a shutdown request")
        }
    }
}
