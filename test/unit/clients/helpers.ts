import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientAdapter, ParseOutcome } from '../../../src/core/clients/adapter.js';
import type { FileSystem } from '../../../src/core/fs/file-system.js';
import type { ConfigFormat, ConfigLocation, HostInfo, Scope, ServerEntry, TextRange } from '../../../src/core/model.js';

const here = dirname(fileURLToPath(import.meta.url));
export const fixturesDir = join(here, '..', '..', 'fixtures', 'clients');

export function fixture(name: string): string {
  return readFileSync(join(fixturesDir, name), 'utf8');
}

export interface Parsed extends ParseOutcome {
  text: string;
  location: ConfigLocation;
  server(name: string): ServerEntry;
}

/** Parses a fixture (or text) as the adapter would read it at `path`. */
export function parse(
  adapter: ClientAdapter,
  source: { fixture: string } | { text: string },
  options: { path: string; format: ConfigFormat; scope?: Scope; folder?: string },
): Parsed {
  const text = 'fixture' in source ? fixture(source.fixture) : source.text;
  const location: ConfigLocation = { client: adapter.id, scope: options.scope ?? 'user', path: options.path, format: options.format };
  if (options.folder) location.folder = options.folder;
  const outcome = adapter.parse(text, location);
  return {
    ...outcome,
    text,
    location,
    server(name: string): ServerEntry {
      const found = outcome.servers.find((server) => server.name === name);
      if (!found) throw new Error(`no server "${name}" in ${outcome.servers.map((server) => server.name).join(', ')}`);
      return found;
    },
  };
}

/** The exact text a range covers. */
export function slice(text: string, range: TextRange | undefined): string {
  if (!range) return '<no range>';
  return text.slice(range.offset, range.offset + range.length);
}

/** 1-based line number of a range, as an editor shows it. */
export function lineOf(range: TextRange | undefined): number {
  return (range?.start.line ?? -2) + 1;
}

export const linux: HostInfo = { platform: 'linux', homedir: '/home/dev', env: {} };
export const mac: HostInfo = { platform: 'darwin', homedir: '/Users/dev', env: {} };
export const windows: HostInfo = {
  platform: 'win32',
  homedir: 'C:\\Users\\dev',
  env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\dev' },
};

/** A file system holding only the given directories (listing) and files. */
export function fakeFs(tree: { dirs?: Record<string, string[]>; files?: Record<string, string> } = {}): FileSystem {
  const enoent = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return {
    async stat(path) {
      if (tree.files?.[path] !== undefined) return { kind: 'file', size: tree.files[path]!.length, mtimeMs: 0 };
      if (tree.dirs?.[path]) return { kind: 'directory', size: 0, mtimeMs: 0 };
      throw enoent(path);
    },
    async readFile(path) {
      const text = tree.files?.[path];
      if (text === undefined) throw enoent(path);
      return new TextEncoder().encode(text);
    },
    async readdir(path) {
      const entries = tree.dirs?.[path];
      if (!entries) throw enoent(path);
      return entries;
    },
  };
}

export async function paths(adapter: ClientAdapter, host: HostInfo, folders: string[] = [], fs: FileSystem = fakeFs()): Promise<string[]> {
  return (await adapter.locations({ host, folders, fs })).map((location) => location.path);
}
