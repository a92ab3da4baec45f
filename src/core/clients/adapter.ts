import type { FileSystem } from '../fs/file-system.js';
import type { ClientId, ConfigLocation, Finding, HostInfo, ServerEntry } from '../model.js';

export interface LocationContext {
  host: HostInfo;
  /** Absolute paths of the folders open in the editor (or given to the CLI). */
  folders: readonly string[];
  /** Only for listing directories whose entries are themselves config locations (VS Code profiles). */
  fs: FileSystem;
}

/** How a client writes a stdio server's launch inside an entry, so protect can edit it in place.
 * Absent on an adapter: separate `command` (a string) and `args` (a list) fields. */
export interface LaunchShape {
  /** The launch fields sit in this member of the entry (Continue's config.json: `transport`). */
  body?: string;
  /** The key of the program (goose: `cmd`). */
  command: string;
  /** The key of the argument list. */
  args: string;
  /** opencode: `command` is one list, the program first and its arguments after it. */
  commandArray?: boolean;
  /** Zed (older form): `command` may be an object `{path, args, env}`. */
  commandObject?: boolean;
}

export interface ParseOutcome {
  servers: ServerEntry[];
  /** Wrong shapes, syntax errors, duplicate keys: each with the file and a range. */
  problems: Finding[];
}

/** One MCP client: where its configs live and how to read them. Parsing never starts a server. */
export interface ClientAdapter {
  id: ClientId;
  displayName: string;
  locations(context: LocationContext): Promise<ConfigLocation[]>;
  /** Pure: the text of one file in, its servers (with source ranges) and problems out. */
  parse(text: string, location: ConfigLocation): ParseOutcome;
  /** How this client references an environment variable inside env/headers values, when it supports one. */
  envReference?: (variable: string) => string;
  /** How this client marks an entry disabled, when it supports that. */
  disableKey?: { key: string; value: boolean };
  /** How the launch is written (default: `command` + `args`); may depend on the file (Continue). */
  launchShape?: LaunchShape | ((location: ConfigLocation) => LaunchShape);
}
