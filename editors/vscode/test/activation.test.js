'use strict';
// Activation tests: the `vscode` module and the LanguageClient are mocked, so
// this runs under plain `node --test` without VS Code.
const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const OUT = path.join(__dirname, '..', 'out');

// ---- mock state, reset before each test -----------------------------------
let state;
function resetState() {
  state = {
    settings: {}, // flat keys under "copydesk", e.g. "checks.unattributed-quote.enabled"
    errors: [],
    commands: new Map(),
    configListeners: [],
    clients: [], // every LanguageClient constructed
    outputChannels: [],
    startShouldFail: false,
  };
}
resetState();

class FakeLanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions });
    this.started = false;
    this.stopped = false;
    this.notifications = [];
    this.features = [];
    state.clients.push(this);
  }
  registerFeature(f) {
    this.features.push(f);
  }
  async start() {
    if (state.startShouldFail) throw new Error('spawn EACCES');
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
  async sendNotification(type, params) {
    this.notifications.push({ method: type.method ?? type, params });
  }
}

const fakeVscode = {
  workspace: {
    getConfiguration(section) {
      assert.equal(section, 'copydesk');
      return { get: (key, def) => (key in state.settings ? state.settings[key] : def) };
    },
    workspaceFolders: undefined,
    onDidChangeConfiguration(listener) {
      state.configListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    createOutputChannel(name) {
      const ch = { name, lines: [], appendLine(l) { this.lines.push(l); }, dispose() {} };
      state.outputChannels.push(ch);
      return ch;
    },
    showErrorMessage(msg, ...items) {
      state.errors.push({ msg, items });
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand(id, fn) {
      state.commands.set(id, fn);
      return { dispose() {} };
    },
    executeCommand() { return Promise.resolve(); },
  },
};

const fakeLanguageClientModule = {
  LanguageClient: FakeLanguageClient,
  TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
  DidChangeConfigurationNotification: { type: { method: 'workspace/didChangeConfiguration' } },
};

const realLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return fakeVscode;
  if (request === 'vscode-languageclient/node') return fakeLanguageClientModule;
  return realLoad.call(this, request, parent, isMain);
};

const ext = require(path.join(OUT, 'extension.js'));
const settings = require(path.join(OUT, 'settings.js'));

// A fake `copydesk` executable on a private PATH.
const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-bin-'));
const fakeBin = path.join(binDir, 'copydesk');
fs.writeFileSync(fakeBin, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-empty-'));
const savedPath = process.env.PATH;

function makeContext() {
  return { subscriptions: [] };
}

beforeEach(async () => {
  await ext.deactivate();
  resetState();
  process.env.PATH = binDir;
});

test.after(() => {
  process.env.PATH = savedPath;
});

test('package.json: activation events, command and every check setting are contributed', () => {
  const pkg = require('../package.json');
  assert.deepEqual(pkg.activationEvents.sort(), ['onLanguage:markdown', 'onLanguage:plaintext']);
  assert.equal(pkg.main, './out/extension.js');
  assert.match(pkg.engines.vscode, /^\^1\.91/);
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'copydesk.restartServer'));
  const props = pkg.contributes.configuration.properties;
  for (const id of ['unattributed-quote', 'unbalanced-quote']) {
    assert.equal(props[`copydesk.checks.${id}.enabled`].type, 'boolean');
    assert.deepEqual(props[`copydesk.checks.${id}.severity`].enum, ['error', 'warning', 'info', 'hint']);
  }
  assert.equal(props['copydesk.checks.unattributed-quote.severity'].default, 'warning');
  assert.equal(props['copydesk.checks.unbalanced-quote.severity'].default, 'error');
  assert.deepEqual(props['copydesk.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(props['copydesk.path'].type, 'string');
});

test('activate starts `copydesk lsp --stdio` from PATH with the right selector and default settings', async () => {
  const ctx = makeContext();
  await ext.activate(ctx);
  assert.equal(state.errors.length, 0, JSON.stringify(state.errors));
  assert.equal(state.clients.length, 1);
  const c = state.clients[0];
  assert.equal(c.id, 'copydesk'); // => the client reads `copydesk.trace.server`
  assert.ok(c.started);
  assert.equal(c.serverOptions.run.command, fakeBin);
  assert.deepEqual(c.serverOptions.run.args, ['lsp', '--stdio']);
  assert.equal(c.serverOptions.run.transport, 0 /* stdio */);
  const sel = c.clientOptions.documentSelector;
  const langs = new Set(sel.map((s) => s.language));
  assert.deepEqual([...langs].sort(), ['markdown', 'plaintext']);
  assert.ok(sel.some((s) => s.language === 'plaintext' && s.scheme === 'file'));
  assert.ok(sel.some((s) => s.language === 'markdown' && s.scheme === 'file'));
  assert.deepEqual(c.clientOptions.initializationOptions, {
    checks: {
      'unattributed-quote': { enabled: true, severity: 'warning' },
      'unbalanced-quote': { enabled: true, severity: 'error' },
    },
  });
  assert.ok(state.commands.has('copydesk.restartServer'));
  assert.ok(ctx.subscriptions.length >= 3);
});

test('pull diagnostics are switched off so VS Code does not show every problem twice', async () => {
  await ext.activate(makeContext());
  const c = state.clients[0];
  assert.equal(c.features.length, 1);
  const f = c.features[0];
  const caps = {
    textDocument: { diagnostic: { dynamicRegistration: true }, hover: {}, publishDiagnostics: {} },
    workspace: { diagnostics: { refreshSupport: true }, configuration: true },
  };
  f.fillClientCapabilities(caps);
  assert.deepEqual(caps, { textDocument: { hover: {}, publishDiagnostics: {} }, workspace: { configuration: true } });
  const server = { hoverProvider: true, diagnosticProvider: { identifier: 'copydesk' } };
  f.preInitialize(server);
  assert.deepEqual(server, { hoverProvider: true });
  assert.deepEqual(f.getState(), { kind: 'static' });
});

test('user settings are read into initializationOptions; invalid values fall back to defaults', async () => {
  state.settings['checks.unattributed-quote.enabled'] = false;
  state.settings['checks.unattributed-quote.severity'] = 'hint';
  state.settings['checks.unbalanced-quote.severity'] = 'bogus';
  await ext.activate(makeContext());
  assert.deepEqual(state.clients[0].clientOptions.initializationOptions, {
    checks: {
      'unattributed-quote': { enabled: false, severity: 'hint' },
      'unbalanced-quote': { enabled: true, severity: 'error' },
    },
  });
});

test('copydesk.path setting wins over PATH', async () => {
  const other = path.join(emptyDir, 'my-copydesk');
  fs.writeFileSync(other, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  state.settings.path = other;
  await ext.activate(makeContext());
  assert.equal(state.clients[0].serverOptions.run.command, other);
  fs.unlinkSync(other);
});

test('missing binary on PATH: clear error, no client started, no throw', async () => {
  process.env.PATH = emptyDir;
  await ext.activate(makeContext());
  assert.equal(state.clients.length, 0);
  assert.equal(state.errors.length, 1);
  const { msg } = state.errors[0];
  assert.match(msg, /copydesk/);
  assert.match(msg, /not found on PATH/);
  assert.match(msg, /cargo install --path \./);
  assert.match(msg, /copydesk\.path/);
  assert.equal(ext.getClient(), undefined);
});

test('copydesk.path pointing at a missing file: clear error naming that path', async () => {
  state.settings.path = '/nonexistent/dir/copydesk';
  await ext.activate(makeContext());
  assert.equal(state.clients.length, 0);
  assert.equal(state.errors.length, 1);
  assert.match(state.errors[0].msg, /\/nonexistent\/dir\/copydesk/);
  assert.match(state.errors[0].msg, /copydesk\.path/);
});

test('server that fails to start: error shown, no throw', async () => {
  state.startShouldFail = true;
  await ext.activate(makeContext());
  assert.equal(state.errors.length, 1);
  assert.match(state.errors[0].msg, /failed to start/);
  assert.equal(ext.getClient(), undefined);
});

test('changing a check setting sends didChangeConfiguration {copydesk: {checks}}', async () => {
  await ext.activate(makeContext());
  const c = state.clients[0];
  state.settings['checks.unbalanced-quote.severity'] = 'warning';
  state.settings['checks.unattributed-quote.enabled'] = false;
  for (const l of state.configListeners) {
    await l({ affectsConfiguration: (s) => 'copydesk.checks.unbalanced-quote.severity'.startsWith(s) });
  }
  assert.equal(c.notifications.length, 1);
  assert.deepEqual(c.notifications[0], {
    method: 'workspace/didChangeConfiguration',
    params: {
      settings: {
        copydesk: {
          checks: {
            'unattributed-quote': { enabled: false, severity: 'warning' },
            'unbalanced-quote': { enabled: true, severity: 'warning' },
          },
        },
      },
    },
  });
  // Unrelated settings do not notify.
  for (const l of state.configListeners) await l({ affectsConfiguration: (s) => s === 'editor' });
  assert.equal(c.notifications.length, 1);
});

test('changing copydesk.path restarts the server', async () => {
  await ext.activate(makeContext());
  for (const l of state.configListeners) {
    await l({ affectsConfiguration: (s) => s === 'copydesk.path' || s === 'copydesk' });
  }
  assert.equal(state.clients.length, 2);
  assert.ok(state.clients[0].stopped);
  assert.ok(state.clients[1].started);
});

test('restart command stops the old client and starts a new one', async () => {
  await ext.activate(makeContext());
  await state.commands.get('copydesk.restartServer')();
  assert.equal(state.clients.length, 2);
  assert.ok(state.clients[0].stopped);
  assert.ok(state.clients[1].started);
  assert.equal(ext.getClient(), state.clients[1]);
});

test('deactivate stops the client', async () => {
  await ext.activate(makeContext());
  const c = state.clients[0];
  await ext.deactivate();
  assert.ok(c.stopped);
  assert.equal(ext.getClient(), undefined);
});

test('settings helpers: didChangeSettings shape', () => {
  const cfg = { get: () => undefined };
  assert.deepEqual(settings.didChangeSettings(cfg), {
    copydesk: { checks: settings.DEFAULT_CHECKS },
  });
  assert.deepEqual(settings.initializationOptions(cfg), { checks: settings.DEFAULT_CHECKS });
});
