'use strict';
// A small in-process stand-in for the `vscode` module: enough of the API for
// the real vscode-languageclient to start the real server, sync documents,
// publish diagnostics and answer hovers. Unknown members resolve to inert stubs.

class Disposable {
  constructor(fn) { this._fn = fn; }
  static from(...ds) { return new Disposable(() => ds.forEach((d) => d && d.dispose && d.dispose())); }
  dispose() { if (this._fn) { this._fn(); this._fn = undefined; } }
}

class EventEmitter {
  constructor() { this.listeners = new Set(); }
  get event() {
    return (listener, thisArg, disposables) => {
      const l = thisArg ? listener.bind(thisArg) : listener;
      this.listeners.add(l);
      const d = new Disposable(() => this.listeners.delete(l));
      if (Array.isArray(disposables)) disposables.push(d);
      return d;
    };
  }
  fire(e) { for (const l of [...this.listeners]) l(e); }
  dispose() { this.listeners.clear(); }
}

class Position {
  constructor(line, character) { this.line = line; this.character = character; }
}
class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') { this.start = new Position(a, b); this.end = new Position(c, d); }
    else { this.start = a; this.end = b; }
  }
}
class Uri {
  constructor(scheme, path) { this.scheme = scheme; this.path = path; this.fsPath = path; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { const m = /^([a-z]+):\/\/(.*)$/.exec(s); return m ? new Uri(m[1], m[2]) : new Uri('file', s); }
  toString() { return `${this.scheme}://${this.path}`; }
  with() { return this; }
}
class MarkdownString {
  constructor(value = '', supportThemeIcons) { this.value = value; this.supportThemeIcons = supportThemeIcons; }
  appendMarkdown(v) { this.value += v; return this; }
  appendText(v) { this.value += v; return this; }
  appendCodeblock(v) { this.value += v; return this; }
}
class Hover { constructor(contents, range) { this.contents = Array.isArray(contents) ? contents : [contents]; this.range = range; } }
class Diagnostic {
  constructor(range, message, severity) { this.range = range; this.message = message; this.severity = severity; }
}
class CancellationTokenSource {
  constructor() {
    const em = new EventEmitter();
    this._em = em;
    this.token = { isCancellationRequested: false, onCancellationRequested: em.event };
  }
  cancel() { this.token.isCancellationRequested = true; this._em.fire(); }
  dispose() {}
}
class CancellationError extends Error {}
class TabInputText { constructor(uri) { this.uri = uri; } }
class TabInputTextDiff { constructor(original, modified) { this.original = original; this.modified = modified; } }
class TabInputCustom { constructor(uri, viewType) { this.uri = uri; this.viewType = viewType; } }

const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };

function makeDocument(uri, languageId, text, version = 1) {
  const doc = {
    uri, languageId, version, fileName: uri.fsPath, isUntitled: false, isClosed: false,
    _text: text,
    getText() { return this._text; },
    get lineCount() { return this._text.split('\n').length; },
    offsetAt(pos) {
      const lines = this._text.split('\n');
      let off = 0;
      for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
      return off + pos.character;
    },
    positionAt(off) {
      const before = this._text.slice(0, off).split('\n');
      return new Position(before.length - 1, before[before.length - 1].length);
    },
  };
  return doc;
}

function createFakeVscode({ settings = {} } = {}) {
  const events = {
    open: new EventEmitter(), close: new EventEmitter(), change: new EventEmitter(),
    save: new EventEmitter(), willSave: new EventEmitter(), config: new EventEmitter(),
    folders: new EventEmitter(), activeEditor: new EventEmitter(), tabs: new EventEmitter(),
  };
  const state = {
    settings, // flat "copydesk.x.y" keys
    documents: [],
    collections: [],
    hoverProviders: [],
    errors: [],
    outputs: [],
  };

  const stubEvent = () => new EventEmitter().event;
  const inert = (name) => new Proxy(function () {}, {
    get(_t, p) {
      if (p === 'then') return undefined;
      if (typeof p === 'string' && p.startsWith('onDid')) return stubEvent();
      if (typeof p === 'string' && p.startsWith('onWill')) return stubEvent();
      if (typeof p === 'string' && p.startsWith('register')) return () => new Disposable();
      return inert(`${name}.${String(p)}`);
    },
    apply() { return new Disposable(); },
    construct() { return {}; },
  });

  const matchOne = (sel, doc) => {
    if (typeof sel === 'string') return sel === doc.languageId ? 10 : 0;
    if (sel.language && sel.language !== doc.languageId) return 0;
    if (sel.scheme && sel.scheme !== doc.uri.scheme) return 0;
    return 10;
  };

  const workspace = {
    get textDocuments() { return state.documents; },
    workspaceFolders: undefined,
    notebookDocuments: [],
    getConfiguration(section) {
      const prefix = section ? `${section}.` : '';
      return {
        get(key, def) {
          const k = prefix + key;
          if (k in state.settings) return state.settings[k];
          return def;
        },
        has(key) { return (prefix + key) in state.settings; },
        update() { return Promise.resolve(); },
        inspect() { return undefined; },
      };
    },
    onDidOpenTextDocument: events.open.event,
    onDidCloseTextDocument: events.close.event,
    onDidChangeTextDocument: events.change.event,
    onDidSaveTextDocument: events.save.event,
    onWillSaveTextDocument: events.willSave.event,
    onDidChangeConfiguration: events.config.event,
    onDidChangeWorkspaceFolders: events.folders.event,
    createFileSystemWatcher: () => ({ onDidCreate: stubEvent(), onDidChange: stubEvent(), onDidDelete: stubEvent(), dispose() {} }),
    applyEdit: () => Promise.resolve(true),
  };
  const languages = {
    match(selector, doc) {
      const sels = Array.isArray(selector) ? selector : [selector];
      return Math.max(0, ...sels.map((s) => matchOne(s, doc)));
    },
    createDiagnosticCollection(name) {
      const map = new Map();
      const c = {
        name,
        map,
        set(uri, diags) {
          if (Array.isArray(uri)) { for (const [u, d] of uri) map.set(u.toString(), d || []); return; }
          map.set(uri.toString(), diags || []);
        },
        get(uri) { return map.get(uri.toString()); },
        delete(uri) { map.delete(uri.toString()); },
        clear() { map.clear(); },
        forEach(fn) { map.forEach((d, u) => fn(Uri.parse(u), d, c)); },
        has(uri) { return map.has(uri.toString()); },
        dispose() { map.clear(); },
      };
      state.collections.push(c);
      return c;
    },
    registerHoverProvider(selector, provider) {
      state.hoverProviders.push({ selector, provider });
      return new Disposable(() => { state.hoverProviders = state.hoverProviders.filter((p) => p.provider !== provider); });
    },
  };
  const window = {
    createOutputChannel(name) {
      const ch = { name, lines: [], append(s) { this.lines.push(s); }, appendLine(s) { this.lines.push(s); }, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} };
      state.outputs.push(ch);
      return ch;
    },
    showErrorMessage(msg) { state.errors.push(msg); return Promise.resolve(undefined); },
    showWarningMessage() { return Promise.resolve(undefined); },
    showInformationMessage() { return Promise.resolve(undefined); },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    onDidChangeActiveTextEditor: events.activeEditor.event,
    onDidChangeVisibleTextEditors: stubEvent(),
    tabGroups: { all: [{ tabs: [] }], onDidChangeTabs: events.tabs.event, onDidChangeTabGroups: stubEvent() },
    withProgress: (_o, task) => task({ report() {} }, new CancellationTokenSource().token),
  };
  const commands = {
    registered: new Map(),
    registerCommand(id, fn) { this.registered.set(id, fn); return new Disposable(() => this.registered.delete(id)); },
    executeCommand() { return Promise.resolve(); },
  };

  const api = {
    version: '1.91.0',
    env: { language: 'en', appName: 'fake', machineId: 'x', sessionId: 'y', uriScheme: 'vscode' },
    Disposable, EventEmitter, Position, Range, Uri, MarkdownString, Hover, Diagnostic,
    DiagnosticSeverity, CancellationTokenSource, CancellationError,
    TabInputText, TabInputTextDiff, TabInputCustom,
    DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
    workspace, languages, window, commands,
    extensions: { getExtension: () => undefined, all: [] },
  };
  const vscode = new Proxy(api, {
    get(t, p) { return p in t ? t[p] : inert(String(p)); },
  });

  const helpers = {
    state,
    openDocument(path, languageId, text) {
      const doc = makeDocument(Uri.file(path), languageId, text);
      // As in VS Code: the editor tab opens first, then the document.
      const tab = { input: new TabInputText(doc.uri), label: path };
      window.tabGroups.all[0].tabs.push(tab);
      events.tabs.fire({ opened: [tab], closed: [], changed: [] });
      state.documents.push(doc);
      events.open.fire(doc);
      window.activeTextEditor = { document: doc };
      events.activeEditor.fire(window.activeTextEditor);
      return doc;
    },
    editDocument(doc, range, text) {
      const start = doc.offsetAt(range.start);
      const end = doc.offsetAt(range.end);
      doc._text = doc._text.slice(0, start) + text + doc._text.slice(end);
      doc.version += 1;
      events.change.fire({
        document: doc,
        contentChanges: [{ range, rangeOffset: start, rangeLength: end - start, text }],
        reason: undefined,
      });
    },
    fireConfigChange(affected) {
      events.config.fire({ affectsConfiguration: (s) => affected.some((a) => a === s || a.startsWith(`${s}.`)) });
    },
    newToken: () => new CancellationTokenSource().token,
  };
  return { vscode, helpers };
}

module.exports = { createFakeVscode, Position, Range };
