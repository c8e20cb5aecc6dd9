import * as vscode from 'vscode';
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  ServerCapabilities,
  ServerOptions,
  StaticFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import { didChangeSettings, initializationOptions, resolveServerPath } from './settings';

export const CLIENT_ID = 'copydesk';
export const SERVER_ARGS = ['lsp', '--stdio'];

/** Plain text and Markdown, saved or not. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'untitled', language: 'plaintext' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
];

/**
 * copydesk pushes diagnostics (textDocument/publishDiagnostics) and also
 * advertises pull diagnostics. vscode-languageclient would use both and VS Code
 * would then show every problem twice (two diagnostic collections). This
 * feature keeps push only: it does not advertise pull support to the server
 * (so a server that skips pushing to pull-capable clients still pushes to us)
 * and ignores the server's diagnosticProvider. Registered after the built-in
 * features, so it sees (and edits) what they filled in; `preInitialize` runs
 * for every feature before any `initialize`.
 */
export const pushOnlyDiagnostics: StaticFeature = {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    if (capabilities.textDocument) delete capabilities.textDocument.diagnostic;
    if (capabilities.workspace) delete capabilities.workspace.diagnostics;
  },
  preInitialize(capabilities: ServerCapabilities): void {
    delete capabilities.diagnosticProvider;
  },
  initialize(): void {},
  getState(): FeatureState {
    return { kind: 'static' };
  },
  clear(): void {},
};

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('copydesk');
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Starts the client. Returns undefined (after telling the user) if the binary is missing. */
export async function startClient(): Promise<LanguageClient | undefined> {
  const resolved = resolveServerPath(config().get<string>('path'), workspaceRoot());
  if (!resolved.ok) {
    outputChannel?.appendLine(resolved.message);
    void vscode.window.showErrorMessage(resolved.message, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.path');
      }
    });
    return undefined;
  }

  const run = { command: resolved.path, args: SERVER_ARGS, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: initializationOptions(config()),
    outputChannel,
    traceOutputChannel: outputChannel,
  };

  // `copydesk.trace.server` is read by the client itself (it is `<id>.trace.server`).
  const c = new LanguageClient(CLIENT_ID, 'copydesk', serverOptions, clientOptions);
  c.registerFeature(pushOnlyDiagnostics);
  client = c;
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    const msg = `copydesk: failed to start the language server (${resolved.path}): ${err instanceof Error ? err.message : String(err)}`;
    outputChannel?.appendLine(msg);
    void vscode.window.showErrorMessage(msg);
    return undefined;
  }
  return c;
}

export async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      outputChannel?.appendLine(`copydesk: error while stopping the server: ${String(err)}`);
    }
  }
}

export async function restartClient(): Promise<void> {
  await stopClient();
  await startClient();
}

export function getClient(): LanguageClient | undefined {
  return client;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel('copydesk');
  context.subscriptions.push(outputChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand('copydesk.restartServer', () => restartClient()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('copydesk.path')) {
        await restartClient();
        return;
      }
      if (e.affectsConfiguration('copydesk.checks') && client) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: didChangeSettings(config()),
        });
      }
    }),
  );

  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
