import type { FileSystem } from '../fs/file-system.js';
import type { ClientId, ConfigLocation, Finding, HostInfo, ServerEntry } from '../model.js';

export interface LocationContext {
  host: HostInfo;
  /** Absolute paths of the folders open in the editor (or given to the CLI). */
  folders: readonly string[];
  /** Only for listing directories whose entries are themselves config locations (VS Code profiles). */
  fs: FileSystem;
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
}
