import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientAdapter } from '../../../src/core/clients/adapter.js';
import type { ConfigFormat, ConfigLocation, ConfigSource, Scope, ServerEntry } from '../../../src/core/model.js';

const here = dirname(fileURLToPath(import.meta.url));
export const clientFixtures = join(here, '..', '..', 'fixtures', 'clients');
export const protectFixtures = join(here, '..', '..', 'fixtures', 'protect');

export const PROXY = '/opt/warden/bin/warden-proxy.cjs';
export const proxy = { nodeCommand: 'node', proxyPath: PROXY };

export async function sandbox(): Promise<{ root: string; stateDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'warden-protect-'));
  return { root, stateDir: join(root, 'state') };
}

export interface Placed {
  file: string;
  location: ConfigLocation;
  adapter: ClientAdapter;
  read(): Promise<{ bytes: Buffer; text: string; source: ConfigSource }>;
  servers(): Promise<ServerEntry[]>;
}

/** Puts a config (from a fixture or text) at `relative` inside `root`, and reads it back as its adapter would. */
export async function place(
  root: string,
  adapter: ClientAdapter,
  relative: string,
  format: ConfigFormat,
  source: { fixture: string; dir?: string } | { text: string | Buffer },
  options: { scope?: Scope; folder?: string } = {},
): Promise<Placed> {
  const file = join(root, relative);
  await mkdir(dirname(file), { recursive: true });
  if ('fixture' in source) await copyFile(join(source.dir ?? clientFixtures, source.fixture), file);
  else await writeFile(file, source.text);
  const location: ConfigLocation = { client: adapter.id, scope: options.scope ?? 'user', path: file, format };
  if (options.folder) location.folder = options.folder;
  const read = async () => {
    const bytes = await readFile(file);
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes);
    const outcome = adapter.parse(text, location);
    return { bytes, text, source: { location, exists: true, servers: outcome.servers, problems: outcome.problems } };
  };
  return { file, location, adapter, read, servers: async () => (await read()).source.servers };
}

/** True when `needles` appear in `haystack` in order (not necessarily adjacent). */
export function inOrder(needles: readonly string[], haystack: readonly string[]): boolean {
  let at = 0;
  for (const needle of needles) {
    while (at < haystack.length && haystack[at] !== needle) at++;
    if (at === haystack.length) return false;
    at++;
  }
  return true;
}

/** The launch as written in the entry (the proxy included), independent of how policy code unwraps it. */
export function launchOf(server: ServerEntry): { transport: string; command?: string; args?: string[]; url?: string } {
  if (server.transport === 'stdio') return { transport: 'stdio', command: server.command?.value ?? '', args: server.args.map((arg) => arg.value) };
  return { transport: server.transport, url: server.url?.value ?? '' };
}
