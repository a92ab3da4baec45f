// What a user has to do after Warden edits a client's config, per client: whether the client picks
// the change up itself, needs a restart of the app or of its sessions, or asks to approve the
// server again (approval bound to the entry or to a hash of the config).
import type { ClientId, ConfigSource } from '../model.js';
import type { FileOutcome } from './protect.js';

export interface NextStep {
  /** auto: the client reloads the file itself; session: new sessions read it; app: quit and reopen the app. */
  reload: 'auto' | 'session' | 'app';
  /** The client will ask to trust or approve the edited server again. */
  reapproval: boolean;
  message: string;
}

export const NEXT_STEPS: Record<ClientId, NextStep> = {
  vscode: {
    reload: 'auto',
    // Observed in VS Code 1.139: servers from its own mcp.json files are trusted as they are; only
    // servers it discovers in other apps' configs are trusted per version of that config.
    reapproval: false,
    message:
      'VS Code picks up the edit: start the server (MCP: List Servers → the server → Start Server), or restart it if it is running, so it runs through Warden. Servers VS Code takes from other apps’ configs (Claude Desktop, .cursor/mcp.json, …) are trusted per version of that config, so VS Code asks to trust those again.',
  },
  'claude-desktop': {
    reload: 'app',
    reapproval: false,
    message:
      'Quit Claude Desktop completely and open it again: it reads its config only at start. Started from the Dock it may not find `node` on its PATH; then run "mcp-warden unprotect NAME" and "mcp-warden protect NAME --node /absolute/path/to/node".',
  },
  'claude-code': {
    reload: 'session',
    reapproval: true,
    message: 'Start a new Claude Code session (or /mcp → reconnect); a project .mcp.json server may ask for approval again.',
  },
  cursor: { reload: 'auto', reapproval: false, message: 'Cursor reloads mcp.json; if the server keeps its old process, turn it off and on in Settings → MCP or restart Cursor.' },
  windsurf: { reload: 'session', reapproval: false, message: 'Press refresh in Windsurf’s MCP panel (or restart Windsurf) to start the server through Warden.' },
  cline: { reload: 'auto', reapproval: false, message: 'Cline watches its settings file and restarts the server by itself.' },
  roo: { reload: 'auto', reapproval: false, message: 'Roo Code watches its settings file and restarts the server by itself.' },
  'gemini-cli': {
    reload: 'session',
    reapproval: true,
    message: 'Restart Gemini CLI sessions (they read settings at start).',
  },
  codex: { reload: 'session', reapproval: false, message: 'Start a new Codex session: Codex starts MCP servers when a session begins.' },
  continue: { reload: 'auto', reapproval: false, message: 'Continue reloads its config when the file changes; reload the window if the server does not restart.' },
  zed: { reload: 'auto', reapproval: false, message: 'Zed re-reads settings.json when it changes and restarts the context server.' },
  goose: { reload: 'session', reapproval: false, message: 'Start a new goose session: extensions are started when a session begins.' },
  opencode: { reload: 'session', reapproval: false, message: 'Restart opencode: it reads its config at start.' },
  kiro: { reload: 'auto', reapproval: true, message: 'Kiro reloads mcp.json; approve the server again if it asks.' },
  'copilot-cli': { reload: 'session', reapproval: false, message: 'Start a new Copilot CLI session: it reads mcp-config.json and a trusted folder’s .mcp.json at start.' },
  'qwen-code': {
    reload: 'session',
    reapproval: true,
    message:
      'Qwen Code binds its approval of a folder’s server (.qwen/settings.json, .mcp.json) to a hash of the entry, so it now shows "Pending approval" and will not start it: run `qwen mcp approve NAME` (or `--all`) in that folder, or approve it in /mcp. Servers in ~/.qwen/settings.json start through Warden in the next session.',
  },
};

export function nextStep(client: ClientId): NextStep {
  return NEXT_STEPS[client];
}

const CHANGED = new Set(['protected', 'unprotected', 'rebuilt']);

/** What every client reading a written file needs next. One file can be read by several clients (a
 * folder's .mcp.json by VS Code, Claude Code, Copilot CLI and Qwen Code): Warden rewrites the entry
 * once, for the first adapter, and the others then find it already rewritten, so the report alone
 * names only the first client. `sources` (what discovery read) tells which other clients read the
 * same entry (the same JSON path in the same file). */
export function nextStepsFor(file: FileOutcome, sources: readonly ConfigSource[]): { client: ClientId; step: NextStep }[] {
  const steps = new Map(file.nextSteps.map(({ client, step }) => [client, step]));
  if (file.status !== 'written') return [...steps].map(([client, step]) => ({ client, step }));
  const readers = sources.filter((source) => source.location.path === file.file);
  const changedIds = new Set(file.servers.filter((server) => CHANGED.has(server.status)).map((server) => server.serverId));
  const changedPaths = new Set(readers.flatMap((source) => source.servers).filter((server) => changedIds.has(server.id)).map((server) => JSON.stringify(server.jsonPath)));
  for (const source of readers) {
    if (source.servers.some((server) => changedPaths.has(JSON.stringify(server.jsonPath)))) steps.set(source.location.client, nextStep(source.location.client));
  }
  return [...steps].map(([client, step]) => ({ client, step }));
}
