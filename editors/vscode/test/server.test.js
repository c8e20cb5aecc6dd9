'use strict';
// End-to-end tests against the real copydesk binary (COPYDESK_BIN, default
// ../../target/debug/copydesk), spoken to with vscode-languageserver-protocol.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Session, hoverText } = require('./lsp-session');

const FIXTURE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'test-fixtures', 'article.txt'),
  'utf8',
);
const LINES = FIXTURE.split('\n');
const UNATTRIBUTED = LINES[6]; // "Nobody credits this sentence with anyone at all."
const CHECKS_DEFAULT = {
  checks: {
    'unattributed-quote': { enabled: true, severity: 'warning' },
    'unbalanced-quote': { enabled: true, severity: 'error' },
  },
};
const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 };

const byCode = (diags, code) => diags.filter((d) => d.code === code);
const hasCode = (code) => (diags) => diags.some((d) => d.code === code);
const lacksCode = (code) => (diags) => !diags.some((d) => d.code === code);

let uriSeq = 0;
const newUri = (ext = 'txt') => `file:///tmp/copydesk-vscode-test/article-${process.pid}-${++uriSeq}.${ext}`;

describe('copydesk server over vscode-languageserver-protocol (UTF-16, as VS Code)', () => {
  let s;
  before(async () => {
    s = new Session();
    await s.initialize({ positionEncodings: ['utf-16'], initializationOptions: CHECKS_DEFAULT });
  });
  after(async () => { await s?.shutdown(); });

  test('initialize advertises incremental sync, hover and UTF-16', () => {
    const caps = s.initResult.capabilities;
    const sync = caps.textDocumentSync;
    const change = typeof sync === 'number' ? sync : sync?.change;
    assert.equal(change, 2, `expected incremental sync, got ${JSON.stringify(sync)}`);
    assert.ok(caps.hoverProvider, 'hoverProvider');
    assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16',
      `positionEncoding ${caps.positionEncoding}`);
  });

  test('fixture: one unattributed-quote warning on line 7 covering the quote, none on line 3', async () => {
    const uri = newUri();
    await s.open(uri, FIXTURE);
    const diags = await s.waitForDiagnostics(uri, hasCode('unattributed-quote'));
    const un = byCode(diags, 'unattributed-quote');
    assert.equal(un.length, 1, JSON.stringify(diags));
    const d = un[0];
    assert.equal(d.source, 'copydesk');
    assert.equal(d.severity, SEVERITY.warning);
    assert.deepEqual(d.range, {
      start: { line: 6, character: 0 },
      end: { line: 6, character: UNATTRIBUTED.length },
    });
    assert.equal(diags.filter((x) => x.range.start.line === 2).length, 0, 'nothing on line 3');
    assert.equal(byCode(diags, 'unbalanced-quote').length, 0);
    await s.close(uri);
  });

  test('hover shows the speaker on an attributed quote and says unattributed otherwise', async () => {
    const uri = newUri();
    await s.open(uri, FIXTURE);
    await s.waitForDiagnostics(uri);
    const h = await s.hover(uri, 2, 5);
    assert.ok(h, 'hover on line 3 quote returned null');
    assert.match(hoverText(h), /Jen Psaki/);
    if (h.range) assert.equal(h.range.start.line, 2);
    const h2 = await s.hover(uri, 6, 5);
    assert.ok(h2, 'hover on the unattributed quote returned null');
    assert.match(hoverText(h2), /unattributed/i);
    // Outside any quote: no speaker.
    const h3 = await s.hover(uri, 0, 2);
    assert.doesNotMatch(hoverText(h3), /unattributed/i);
    await s.close(uri);
  });

  test('an incremental edit that adds the attribution clears the warning', async () => {
    const uri = newUri();
    await s.open(uri, FIXTURE);
    await s.waitForDiagnostics(uri, hasCode('unattributed-quote'));
    await s.change(uri, {
      start: { line: 6, character: UNATTRIBUTED.length },
      end: { line: 6, character: UNATTRIBUTED.length },
    }, ' Psaki said.');
    const diags = await s.waitForDiagnostics(uri, lacksCode('unattributed-quote'), 'warning to clear');
    assert.equal(diags.length, 0, JSON.stringify(diags));
    // Remove it again: the warning comes back.
    await s.change(uri, {
      start: { line: 6, character: UNATTRIBUTED.length },
      end: { line: 6, character: UNATTRIBUTED.length + ' Psaki said.'.length },
    }, '');
    await s.waitForDiagnostics(uri, hasCode('unattributed-quote'), 'warning to come back');
    await s.close(uri);
  });

  test('positions after multi-byte characters are UTF-16 code units', async () => {
    const uri = newUri();
    const prefix = 'Caf\u00e9 \u{1F600} \u2014 ';
    const quote = '"Nobody credits this one either."';
    const attributed = '"Caf\u00e9 \u{1F600} owners are fine," Psaki said.';
    const text = FIXTURE.replace(UNATTRIBUTED, `${prefix}${quote}`) + `\n${'\u00e9\u{1F600} '}${attributed}\n`;
    await s.open(uri, text);
    const diags = await s.waitForDiagnostics(uri, hasCode('unattributed-quote'));
    const un = byCode(diags, 'unattributed-quote');
    assert.equal(un.length, 1, JSON.stringify(diags));
    assert.deepEqual(un[0].range, {
      start: { line: 6, character: prefix.length }, // JS string length == UTF-16 units
      end: { line: 6, character: prefix.length + quote.length },
    });
    assert.notEqual(prefix.length, Buffer.byteLength(prefix), 'fixture must differ between encodings');
    // Hover inside the quote that follows the emoji.
    const h = await s.hover(uri, 6, prefix.length + 3);
    assert.match(hoverText(h), /unattributed/i);
    // Hover inside an attributed quote that itself contains multi-byte characters.
    const lead = '\u00e9\u{1F600} ';
    const line = 8;
    const h2 = await s.hover(uri, line, lead.length + attributed.indexOf('owners'));
    assert.match(hoverText(h2), /Jen Psaki/);
    await s.close(uri);
  });

  test('unbalanced quote: error diagnostic', async () => {
    const uri = newUri();
    const text = 'Jen Psaki, a State Department spokeswoman, spoke on Monday.\n\n"We are ready to talk, Psaki said.\n';
    await s.open(uri, text);
    const diags = await s.waitForDiagnostics(uri, hasCode('unbalanced-quote'));
    const ub = byCode(diags, 'unbalanced-quote');
    assert.ok(ub.length >= 1);
    assert.equal(ub[0].severity, SEVERITY.error);
    assert.equal(ub[0].source, 'copydesk');
    assert.equal(ub[0].range.start.line, 2);
    assert.equal(ub[0].range.start.character, 0);
    await s.close(uri);
  });

  test('Markdown documents are checked too', async () => {
    const uri = newUri('md');
    await s.open(uri, FIXTURE, 'markdown');
    const diags = await s.waitForDiagnostics(uri, hasCode('unattributed-quote'));
    assert.equal(byCode(diags, 'unattributed-quote')[0].range.start.line, 6);
    await s.close(uri);
  });
});

describe('settings shape shared with the extension', () => {
  test('initializationOptions can disable a check; didChangeConfiguration re-enables it with another severity', async () => {
    const s = new Session();
    try {
      await s.initialize({
        initializationOptions: {
          checks: {
            'unattributed-quote': { enabled: false, severity: 'warning' },
            'unbalanced-quote': { enabled: true, severity: 'error' },
          },
        },
      });
      const uri = newUri();
      // An unbalanced quote on line 9 proves the server has published for this text.
      await s.open(uri, FIXTURE + '\n"An unbalanced quote, Psaki said.\n');
      const diags = await s.waitForDiagnostics(uri, hasCode('unbalanced-quote'));
      assert.equal(byCode(diags, 'unattributed-quote').length, 0, JSON.stringify(diags));

      await s.changeConfiguration({
        copydesk: {
          checks: {
            'unattributed-quote': { enabled: true, severity: 'error' },
            'unbalanced-quote': { enabled: true, severity: 'hint' },
          },
        },
      });
      const after = await s.waitForDiagnostics(
        uri,
        (ds) => ds.some((d) => d.code === 'unattributed-quote' && d.severity === SEVERITY.error)
          && ds.some((d) => d.code === 'unbalanced-quote' && d.severity === SEVERITY.hint),
        'diagnostics with the new settings',
      );
      assert.equal(byCode(after, 'unattributed-quote')[0].range.start.line, 6);
    } finally {
      await s.shutdown();
    }
  });
});

describe('UTF-8 negotiation (as Neovim)', () => {
  test('server picks utf-8 when offered and reports byte columns', async () => {
    const s = new Session();
    try {
      const init = await s.initialize({ positionEncodings: ['utf-8', 'utf-16'], initializationOptions: CHECKS_DEFAULT });
      assert.equal(init.capabilities.positionEncoding, 'utf-8');
      const uri = newUri();
      const prefix = 'Caf\u00e9 \u{1F600} \u2014 ';
      const quote = '"Nobody credits this one either."';
      await s.open(uri, FIXTURE.replace(UNATTRIBUTED, prefix + quote));
      const diags = await s.waitForDiagnostics(uri, hasCode('unattributed-quote'));
      const d = byCode(diags, 'unattributed-quote')[0];
      const start = Buffer.byteLength(prefix);
      assert.deepEqual(d.range, {
        start: { line: 6, character: start },
        end: { line: 6, character: start + Buffer.byteLength(quote) },
      });
      const h = await s.hover(uri, 2, 3);
      assert.match(hoverText(h), /Jen Psaki/);
    } finally {
      await s.shutdown();
    }
  });
});

describe('pull diagnostics (textDocument/diagnostic)', () => {
  test('a pull-capable client gets the same diagnostics by request', async (t) => {
    const s = new Session();
    try {
      const init = await s.initialize({ pull: true, initializationOptions: CHECKS_DEFAULT });
      if (!init.capabilities.diagnosticProvider) {
        t.skip('server does not advertise diagnosticProvider');
        return;
      }
      const uri = newUri();
      await s.open(uri, FIXTURE);
      const report = await s.pullDiagnostics(uri);
      assert.equal(report.kind, 'full');
      const un = byCode(report.items, 'unattributed-quote');
      assert.equal(un.length, 1, JSON.stringify(report.items));
      assert.equal(un[0].range.start.line, 6);
      assert.equal(un[0].range.start.character, 0);
    } finally {
      await s.shutdown();
    }
  });
});
