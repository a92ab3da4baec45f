// Builds realistic ServerEntry values from JSON(C) config text, with the real ranges an adapter
// would compute, so tests can assert that a finding points at exactly the offending text.

import { parseJsonc } from '../../../src/core/formats/jsonc.js';
import { member, type SourceNode } from '../../../src/core/formats/source-node.js';
import type { ClientId, Located, Scope, ServerEntry, TextRange, Transport } from '../../../src/core/model.js';
import { LineIndex } from '../../../src/core/text/line-index.js';

export interface EntryOptions {
  client?: ClientId;
  scope?: Scope;
  configPath?: string;
  projectKey?: string;
  /** Server name used when the snippet is a bare entry object (default "test-server"). */
  name?: string;
}

const ROOT_KEYS = ['servers', 'mcpServers', 'context_servers', 'mcp'];
const URL_KEYS = ['url', 'serverUrl', 'httpUrl', 'uri'];
const texts = new WeakMap<ServerEntry, string>();

function located(node: SourceNode | undefined, index: LineIndex): Located | undefined {
  if (node?.kind !== 'string') return undefined;
  return { value: node.value, range: index.range(node.span[0], node.span[1]) };
}

function stringMap(node: SourceNode | undefined, index: LineIndex): Record<string, Located> {
  const out: Record<string, Located> = {};
  if (node?.kind !== 'object') return out;
  for (const entry of node.entries) {
    const loc = located(entry.value, index);
    if (loc) out[entry.key] = loc;
  }
  return out;
}

/**
 * Every server of a config file's text. The text may be a whole file (`{"servers": {…}}` or
 * `{"mcpServers": {…}}`) or one bare entry (`{"command": "npx", …}`), which is wrapped as
 * `{"servers": {"<name>": …}}`.
 */
export function serverEntries(text: string, options: EntryOptions = {}): ServerEntry[] {
  let source = text;
  let parsed = parseJsonc(source);
  let rootKey = ROOT_KEYS.find((key) => member(parsed.root, key)?.kind === 'object');
  if (!rootKey) {
    source = `{"servers": {${JSON.stringify(options.name ?? 'test-server')}: ${text}}}`;
    parsed = parseJsonc(source);
    rootKey = 'servers';
  }
  if (parsed.problems.length > 0) throw new Error(`bad test config: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const index = new LineIndex(source);
  const servers = member(parsed.root, rootKey);
  if (servers?.kind !== 'object') return [];
  const configPath = options.configPath ?? '/home/dev/project/.vscode/mcp.json';
  const client = options.client ?? 'vscode';
  const scope = options.scope ?? 'workspace';
  return servers.entries.map((entry) => {
    const node = entry.value;
    const url = URL_KEYS.map((key) => located(member(node, key), index)).find(Boolean);
    const type = member(node, 'type');
    const transport: Transport = url ? (type?.kind === 'string' && type.value === 'sse' ? 'sse' : 'http') : 'stdio';
    const argsNode = member(node, 'args');
    const args = argsNode?.kind === 'array' ? argsNode.items.flatMap((item) => located(item, index) ?? []) : [];
    const disabled = member(node, 'disabled');
    const command = located(member(node, 'command'), index);
    const cwd = located(member(node, 'cwd'), index);
    const server: ServerEntry = {
      id: `${client}:${scope}:${configPath}${options.projectKey ? `#${options.projectKey}` : ''}:${entry.key}`,
      name: entry.key,
      client,
      scope,
      configPath,
      format: 'jsonc',
      ...(options.projectKey ? { projectKey: options.projectKey } : {}),
      transport,
      ...(command ? { command } : {}),
      args,
      env: stringMap(member(node, 'env'), index),
      headers: stringMap(member(node, 'headers'), index),
      ...(url ? { url } : {}),
      ...(cwd ? { cwd } : {}),
      disabled: disabled?.kind === 'boolean' ? disabled.value : false,
      range: index.range(node.span[0], node.span[1]),
      nameRange: index.range(entry.keySpan[0], entry.keySpan[1]),
      jsonPath: [rootKey, entry.key],
    };
    texts.set(server, source);
    return server;
  });
}

/** The one server of a snippet (the first when there are several). */
export function serverEntry(text: string, options: EntryOptions = {}): ServerEntry {
  const [server] = serverEntries(text, options);
  if (!server) throw new Error('no server in test config');
  return server;
}

/** A bare entry built from an object, e.g. entry({ command: 'npx', args: ['-y', 'pkg'] }). */
export function entryFrom(value: Record<string, unknown>, options: EntryOptions = {}): ServerEntry {
  return serverEntry(JSON.stringify(value, null, 2), options);
}

/** The text of the server's config file that a range covers (quotes included, as in the file). */
export function textAt(server: ServerEntry, range: TextRange | undefined): string {
  const text = texts.get(server);
  if (text === undefined) throw new Error('server was not built by the test helper');
  if (!range) throw new Error('finding has no range');
  return text.slice(range.offset, range.offset + range.length);
}

/** The whole text a server was parsed from. */
export function sourceOf(server: ServerEntry): string {
  const text = texts.get(server);
  if (text === undefined) throw new Error('server was not built by the test helper');
  return text;
}
