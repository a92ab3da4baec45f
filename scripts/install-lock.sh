# Sourced (not run) by the installers of test tools (scripts/clients/install.sh,
# scripts/vscode-host/install.sh): what makes each of them safe to start from several test files
# at once and quick to run again. Each installer sets LOG_TAG before sourcing, then:
#
#   install_lock FILE                  hold FILE's lock until the installer exits (concurrent runs wait)
#   install_exit_if_cached MARKER WANT [CHECK]
#                                      exit 0 when MARKER holds WANT and CHECK (a command) succeeds,
#                                      unless FORCE=1; otherwise remove MARKER and go on installing
#   install_done MARKER WANT           record WANT in MARKER once everything is in place
#
# It sets ROOT (the repository), TOOLS (.tools, or MCP_WARDEN_TOOLS) and log, and keeps npm to the
# registry alone (no audit, fund or update-notifier requests).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${MCP_WARDEN_TOOLS:-$ROOT/.tools}"
INSTALL_STARTED=$(date +%s)

log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }

install_lock() {
  mkdir -p "$(dirname "$1")"
  # fd 9 stays open in the installer's shell, so the lock lasts until it exits.
  exec 9>"$1"
  flock 9
}

install_exit_if_cached() {
  local marker="$1" want="$2"
  shift 2
  if [ "${FORCE:-0}" != 1 ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && { [ $# -eq 0 ] || "$@"; }; then
    log "up to date ($want) in $(dirname "$marker")"
    exit 0
  fi
  # A half-finished install must not look finished if this run stops early.
  rm -f "$marker"
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
}

install_done() {
  echo "$2" >"$1"
  log "installed ($2) in $(($(date +%s) - INSTALL_STARTED))s"
}
