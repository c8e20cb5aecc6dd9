// Pure helpers (no `vscode` import) so they can be unit-tested directly.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CHECK_IDS = ['unattributed-quote', 'unbalanced-quote'] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CheckSettings {
  enabled: boolean;
  severity: Severity;
}
export type ChecksSettings = Record<CheckId, CheckSettings>;

export const DEFAULT_CHECKS: ChecksSettings = {
  'unattributed-quote': { enabled: true, severity: 'warning' },
  'unbalanced-quote': { enabled: true, severity: 'error' },
};

/** Minimal view of `vscode.WorkspaceConfiguration` we need. */
export interface ConfigReader {
  get<T>(section: string): T | undefined;
}

/**
 * Reads `checks.<id>.enabled` / `checks.<id>.severity` from the `copydesk`
 * configuration section and returns the shape the server expects:
 * `{"unattributed-quote": {"enabled": true, "severity": "warning"}, ...}`.
 */
export function readChecks(config: ConfigReader): ChecksSettings {
  const out = {} as ChecksSettings;
  for (const id of CHECK_IDS) {
    const def = DEFAULT_CHECKS[id];
    const enabled = config.get<boolean>(`checks.${id}.enabled`);
    const severity = config.get<string>(`checks.${id}.severity`);
    out[id] = {
      enabled: typeof enabled === 'boolean' ? enabled : def.enabled,
      severity: (SEVERITIES as readonly string[]).includes(severity ?? '')
        ? (severity as Severity)
        : def.severity,
    };
  }
  return out;
}

/** `initializationOptions` sent with `initialize`. */
export function initializationOptions(config: ConfigReader): { checks: ChecksSettings } {
  return { checks: readChecks(config) };
}

/** `settings` payload of `workspace/didChangeConfiguration`. */
export function didChangeSettings(config: ConfigReader): { copydesk: { checks: ChecksSettings } } {
  return { copydesk: { checks: readChecks(config) } };
}

function isExecutableFile(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks `name` up on PATH (honouring PATHEXT on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

export type ResolveResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * Finds the server binary: the `copydesk.path` setting if set (`~` expanded,
 * relative paths resolved against the first workspace folder), else `copydesk`
 * on PATH. Returns a user-facing error message when it cannot be found.
 */
export function resolveServerPath(
  configured: string | undefined,
  workspaceFolder: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolveResult {
  const hint =
    'Install it with `cargo install --path .` from the copydesk repository ' +
    '(it lands in ~/.cargo/bin, which must be on PATH), or set `copydesk.path` to the executable.';
  const raw = (configured ?? '').trim();
  if (raw) {
    let p = raw;
    if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
    if (!path.isAbsolute(p) && workspaceFolder) p = path.resolve(workspaceFolder, p);
    if (isExecutableFile(p)) return { ok: true, path: p };
    return {
      ok: false,
      message: `copydesk: the language server was not found at "${p}" (from the copydesk.path setting), or it is not executable. ${hint}`,
    };
  }
  const found = findOnPath('copydesk', env);
  if (found) return { ok: true, path: found };
  return {
    ok: false,
    message: `copydesk: the \`copydesk\` language server was not found on PATH. ${hint}`,
  };
}
