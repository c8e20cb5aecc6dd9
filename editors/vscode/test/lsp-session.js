'use strict';
// Drives the real copydesk binary through vscode-languageserver-protocol (the
// library vscode-languageclient is built on) over vscode-jsonrpc stdio streams.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  DocumentDiagnosticRequest,
} = require('vscode-languageserver-protocol/node');

// COPYDESK_BIN is taken relative to the current directory; the default is
// ../../target/debug/copydesk relative to editors/vscode.
const BIN = process.env.COPYDESK_BIN
  ? path.resolve(process.env.COPYDESK_BIN)
  : path.resolve(__dirname, '..', '..', '..', 'target', 'debug', 'copydesk');
const TIMEOUT_MS = Number(process.env.COPYDESK_TEST_TIMEOUT_MS || 10000);

function assertBinary() {
  if (!fs.existsSync(BIN)) {
    throw new Error(
      `copydesk binary not found at ${BIN}: run \`cargo build\` in the repo root or set COPYDESK_BIN`,
    );
  }
}

class Session {
  constructor() {
    assertBinary();
    this.proc = spawn(BIN, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      this.stderr += d.toString();
      if (this.stderr.length > 20000) this.stderr = this.stderr.slice(-20000);
    });
    this.exited = false;
    this.proc.on('exit', () => { this.exited = true; });
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.latest = new Map(); // uri -> last PublishDiagnosticsParams
    this.waiters = [];
    this.conn.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      for (const w of [...this.waiters]) w.check();
    });
    this.logs = [];
    this.conn.onNotification('window/logMessage', (p) => this.logs.push(p.message));
    // Answer server->client requests a real client would answer.
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => this.settings ?? null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
    this.versions = new Map();
  }

  withTimeout(promise, what) {
    let t;
    const timeout = new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}; server stderr:\n${this.stderr.slice(-2000)}`)), TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(t));
  }

  async initialize({ positionEncodings = ['utf-16'], initializationOptions, pull = false, settings } = {}) {
    this.settings = settings;
    const capabilities = {
      general: { positionEncodings },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
    };
    const result = await this.withTimeout(
      this.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities,
        initializationOptions,
      }),
      'initialize',
    );
    await this.conn.sendNotification(InitializedNotification.type, {});
    this.initResult = result;
    return result;
  }

  async open(uri, text, languageId = 'plaintext') {
    this.versions.set(uri, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Incremental change: replace `range` with `text`. */
  async change(uri, range, text) {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri) {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(settings) {
    this.settings = settings.copydesk ?? settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** Resolves with the diagnostics of the first publish for `uri` satisfying `pred`. */
  waitForDiagnostics(uri, pred = () => true, what = 'diagnostics') {
    const p = new Promise((resolve) => {
      const w = {
        check: () => {
          const last = this.latest.get(uri);
          if (last && pred(last.diagnostics, last)) {
            this.waiters = this.waiters.filter((x) => x !== w);
            resolve(last.diagnostics);
          }
        },
      };
      this.waiters.push(w);
      w.check();
    });
    return this.withTimeout(p, `${what} for ${uri} (last published: ${JSON.stringify(this.latest.get(uri)?.diagnostics)})`);
  }

  /** Clears what was seen for `uri`, so the next wait needs a fresh publish. */
  forget(uri) {
    this.latest.delete(uri);
  }

  hover(uri, line, character) {
    return this.withTimeout(
      this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } }),
      `hover at ${line}:${character}`,
    );
  }

  pullDiagnostics(uri) {
    return this.withTimeout(
      this.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
      'textDocument/diagnostic',
    );
  }

  async shutdown() {
    try {
      await this.withTimeout(this.conn.sendRequest(ShutdownRequest.type), 'shutdown');
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      /* fall through to kill */
    }
    const exited = this.exited
      ? Promise.resolve()
      : new Promise((r) => this.proc.once('exit', r));
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
    this.conn.dispose();
  }
}

/** Flattens hover contents (MarkupContent | MarkedString | MarkedString[]) to text. */
function hoverText(hover) {
  if (!hover) return '';
  const c = hover.contents;
  const one = (x) => (typeof x === 'string' ? x : x?.value ?? '');
  return Array.isArray(c) ? c.map(one).join('\n') : one(c);
}

module.exports = { Session, hoverText, BIN };
