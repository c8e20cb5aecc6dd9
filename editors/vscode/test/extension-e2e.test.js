'use strict';
// The compiled extension with the REAL vscode-languageclient and the REAL
// copydesk binary; only the `vscode` module is faked (test/fake-vscode.js).
// Checks what a VS Code user would see: one set of diagnostics (no duplicates
// from pull + push), hover text, settings changes reaching the server.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { createFakeVscode, Position, Range } = require('./fake-vscode');
const { BIN } = require('./lsp-session');

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', '..', 'test-fixtures', 'article.txt'), 'utf8');
const LINE7 = FIXTURE.split('\n')[6];
const TIMEOUT_MS = Number(process.env.COPYDESK_TEST_TIMEOUT_MS || 10000);

const { vscode, helpers } = createFakeVscode({
  settings: {
    'copydesk.path': BIN,
    'copydesk.checks.unattributed-quote.enabled': true,
    'copydesk.checks.unattributed-quote.severity': 'warning',
  },
});
const realLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return realLoad.call(this, request, parent, isMain);
};
const ext = require('../out/extension.js');

async function waitFor(what, fn) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** All diagnostics VS Code would show for `doc`, across every collection. */
function shown(doc) {
  return helpers.state.collections.flatMap((c) => c.get(doc.uri) || []);
}

const context = { subscriptions: [] };
before(async () => {
  assert.ok(fs.existsSync(BIN), `copydesk binary not found at ${BIN}`);
  await ext.activate(context);
  assert.deepEqual(helpers.state.errors, []);
  assert.ok(ext.getClient(), 'client did not start');
});
after(async () => {
  await ext.deactivate();
  Module._load = realLoad;
});

test('the real client negotiated push-only diagnostics and registered hover', () => {
  const c = ext.getClient();
  assert.equal(c.initializeResult.capabilities.hoverProvider, true);
  assert.equal(helpers.state.hoverProviders.length, 1);
});

let doc;
test('opening the article shows exactly one unattributed-quote warning, on line 7', async () => {
  doc = helpers.openDocument('/tmp/copydesk-e2e/article.txt', 'plaintext', FIXTURE);
  const ds = await waitFor('diagnostics', () => {
    const d = shown(doc);
    return d.length ? d : undefined;
  });
  // Give a pull-based duplicate a chance to show up, then check there is none.
  await new Promise((r) => setTimeout(r, 300));
  const all = shown(doc);
  assert.equal(all.length, 1, `expected one diagnostic, VS Code would show ${all.length}: ${JSON.stringify(all)}`);
  const d = ds[0];
  assert.equal(d.code, 'unattributed-quote');
  assert.equal(d.source, 'copydesk');
  assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
  assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
    [6, 0, 6, LINE7.length]);
});

test('hover provider returns the speaker for line 3', async () => {
  const { provider } = helpers.state.hoverProviders[0];
  const h = await provider.provideHover(doc, new Position(2, 4), helpers.newToken());
  const text = h.contents.map((c) => c.value ?? String(c)).join('\n');
  assert.match(text, /Jen Psaki/);
});

test('changing the severity setting re-publishes with the new severity', async () => {
  helpers.state.settings['copydesk.checks.unattributed-quote.severity'] = 'error';
  helpers.fireConfigChange(['copydesk.checks.unattributed-quote.severity']);
  await waitFor('error severity', () => shown(doc).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  assert.equal(shown(doc).length, 1);
});

test('an edit adding the attribution clears the warning', async () => {
  helpers.editDocument(doc, new Range(6, LINE7.length, 6, LINE7.length), ' Psaki said.');
  await waitFor('diagnostics to clear', () => shown(doc).length === 0);
});
