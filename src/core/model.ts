// The shared vocabulary of Warden's core: where configs live, what a configured server is, and
// what a finding points at. Everything here is plain data so it can cross to the CLI, the
// extension and JSON reports unchanged.

export type Platform = 'linux' | 'darwin' | 'win32';

/** Where the user's files live. Passed in so tests on Linux can cover macOS and Windows paths. */
export interface HostInfo {
  platform: Platform;
  homedir: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type ClientId =
  | 'vscode'
  | 'claude-desktop'
  | 'claude-code'
  | 'cursor'
  | 'windsurf'
  | 'cline'
  | 'roo'
  | 'gemini-cli'
  | 'codex'
  | 'continue'
  | 'zed'
  | 'goose'
  | 'opencode'
  | 'kiro'
  | 'copilot-cli'
  | 'qwen-code';

/** user: a per-user file; profile: a VS Code profile; workspace: a file inside an open folder;
 * project: a per-project section of a user file (Claude Code); managed: set by an administrator;
 * recent: a folder the user opened recently, found through VS Code's workspace storage. */
export type Scope = 'user' | 'profile' | 'workspace' | 'project' | 'managed' | 'recent';

export type ConfigFormat = 'json' | 'jsonc' | 'toml' | 'yaml';

export type Transport = 'stdio' | 'http' | 'sse';

/** A half-open range of UTF-16 offsets into a file's text, with the line/character form editors use (0-based). */
export interface TextRange {
  offset: number;
  length: number;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One config file a client reads, before it is read. */
export interface ConfigLocation {
  client: ClientId;
  scope: Scope;
  path: string;
  format: ConfigFormat;
  /** A human label for the variant, e.g. "VS Code Insiders" or "profile Work". */
  label?: string;
  /** Claude Code keeps per-project servers inside ~/.claude.json under projects[<folder>]. */
  projectKey?: string;
  /** The folder this config belongs to, for workspace, project and recent scopes. */
  folder?: string;
}

/** A string value in a config file together with where its text stands. */
export interface Located<T = string> {
  value: T;
  range: TextRange;
}

/** One server entry as a client's config defines it. Never started by reading. */
export interface ServerEntry {
  /** Stable identity: client, scope, file and name. */
  id: string;
  name: string;
  client: ClientId;
  scope: Scope;
  configPath: string;
  format: ConfigFormat;
  projectKey?: string;
  folder?: string;
  transport: Transport;
  command?: Located;
  args: Located[];
  env: Record<string, Located>;
  headers: Record<string, Located>;
  url?: Located;
  cwd?: Located;
  disabled: boolean;
  /** The whole entry (the value of the server's key, or its list item). */
  range: TextRange;
  /** The key (or name field) naming the server. */
  nameRange: TextRange;
  /** The JSON path of the entry inside its file, for edits (e.g. ["servers", "github"]). */
  jsonPath: (string | number)[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range?: TextRange;
  serverId?: string;
  serverName?: string;
  /** What a quick fix needs, e.g. the env key holding a secret. Plain JSON. */
  data?: Record<string, unknown>;
}

/** What reading one config location produced. */
export interface ConfigSource {
  location: ConfigLocation;
  /** False when the file does not exist (not a problem: most clients are not installed). */
  exists: boolean;
  servers: ServerEntry[];
  /** Problems reading or parsing this file: never a crash, never a silent skip. */
  problems: Finding[];
  /** Content hash of the bytes read, for change detection and refusing stale writes. */
  sha256?: string;
}
