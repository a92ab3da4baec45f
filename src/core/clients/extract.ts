// The one extractor every adapter shares: a parsed config tree in, ServerEntry values (with the
// source range of every string that matters) and problem findings out. Adapters describe their
// client's field names in an EntrySpec instead of walking trees themselves. Total: wrong shapes
// become findings and the rest of the entry is kept; nothing here throws.
import { parseJsonc } from '../formats/jsonc.js';
import { member, type SourceNode, type Span } from '../formats/source-node.js';
import { parseToml } from '../formats/toml.js';
import { parseYaml } from '../formats/yaml.js';
import type { ConfigLocation, Finding, Located, Scope, ServerEntry, TextRange, Transport } from '../model.js';
import { LineIndex } from '../text/line-index.js';
import type { ParseOutcome } from './adapter.js';
import { serverId } from './server-id.js';

export const SHAPE_RULE = 'config-shape';
export const SYNTAX_RULE = 'config-syntax';

export interface ParseContext {
  text: string;
  location: ConfigLocation;
  lines: LineIndex;
  servers: ServerEntry[];
  problems: Finding[];
}

/** How a client's `type` values map to transports. null: not a server the user configured (skipped);
 * 'remote': a remote server whose transport follows from the URL key. */
export type TypeMeaning = Transport | 'remote' | null;

const DEFAULT_TYPES: Record<string, TypeMeaning> = {
  stdio: 'stdio',
  local: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  streamable_http: 'http',
  streamableHttp: 'http',
  sse: 'sse',
  remote: 'remote',
};

export interface UrlKey {
  key: string;
  /** The transport this key means when no `type` says otherwise (Gemini: httpUrl → http, url → sse). */
  transport?: Transport;
}

/** The field names one client uses inside a server entry. Every field has the common default. */
export interface EntrySpec {
  /** Read the fields from this member of the entry (Continue's JSON form nests them in `transport`). */
  body?: string;
  command?: string;
  /** opencode: `command` is a list, the executable first and its arguments after it. */
  commandArray?: boolean;
  /** Zed (older form): `command` may be an object `{path, args, env}`. */
  commandObject?: boolean;
  args?: string;
  env?: string;
  headers?: string;
  cwd?: string;
  urls?: UrlKey[];
  typeKeys?: string[];
  types?: Record<string, TypeMeaning>;
  /** The transport of a URL entry that neither its type nor its URL key settles. Default http. */
  defaultRemote?: Transport;
  /** The client's own flag: `disabled: true` or `enabled: false`. */
  disabled?: { key: string; disabledWhen: boolean };
  /** Entries that are not server definitions of their own (e.g. Zed extension servers): true skips
   * them quietly; a string skips them with that string as an info finding, so nothing vanishes unseen. */
  skip?: (entry: SourceNode) => boolean | string;
}

/** Where the entries of one container sit: their file-level scope can be narrowed (Claude Code projects). */
export interface EntryOwner {
  scope?: Scope;
  projectKey?: string;
  folder?: string;
  /** Prefix for messages, e.g. `project "/home/me/app"`. */
  context?: string;
}

export function describe(node: SourceNode | undefined): string {
  switch (node?.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'null':
      return 'null';
    case undefined:
      return 'nothing';
    default:
      return 'a value of another kind';
  }
}

export function rangeOf(context: ParseContext, span: Span): TextRange {
  return context.lines.range(span[0], span[1]);
}

export function located(context: ParseContext, value: string, span: Span): Located {
  return { value, range: rangeOf(context, span) };
}

export function shapeProblem(context: ParseContext, span: Span | undefined, message: string, serverName?: string): void {
  const finding: Finding = { ruleId: SHAPE_RULE, severity: 'warning', message, file: context.location.path };
  if (span) finding.range = rangeOf(context, span);
  if (serverName !== undefined) finding.serverName = serverName;
  context.problems.push(finding);
}

function parseText(text: string, location: ConfigLocation) {
  switch (location.format) {
    case 'toml':
      return parseToml(text);
    case 'yaml':
      return parseYaml(text);
    default:
      return parseJsonc(text);
  }
}

const DUPLICATE = /duplicate key|keys must be unique/i;

/** Parses a file in its location's format and hands the root to `read`; syntax problems become
 * `config-syntax` findings (duplicate keys as warnings: the file still loads). Never throws. */
export function parseWith(
  text: string,
  location: ConfigLocation,
  read: (context: ParseContext, root: SourceNode) => void,
): ParseOutcome {
  const context: ParseContext = { text, location, lines: new LineIndex(text), servers: [], problems: [] };
  try {
    const document = parseText(text, location);
    for (const problem of document.problems) {
      const duplicate = DUPLICATE.test(problem.message);
      context.problems.push({
        ruleId: SYNTAX_RULE,
        severity: duplicate ? 'warning' : 'error',
        message: problem.message,
        file: location.path,
        range: context.lines.range(problem.offset, problem.offset + problem.length),
      });
    }
    const root = document.root;
    if (root === undefined || root.kind === 'null') return { servers: context.servers, problems: context.problems };
    if (root.kind !== 'object') {
      shapeProblem(context, root.span, `the file must hold an object at the top level, found ${describe(root)}`);
      return { servers: context.servers, problems: context.problems };
    }
    read(context, root);
  } catch (error) {
    context.problems.push({
      ruleId: SYNTAX_RULE,
      severity: 'error',
      message: `could not read the file: ${(error as Error)?.message ?? String(error)}`,
      file: location.path,
    });
  }
  return { servers: context.servers, problems: context.problems };
}

/** The member at a path of keys; a step may list alternatives (first present wins), e.g. a settings
 * file's `"mcp": {"servers"}` or the flat `"mcp.servers"`. Returns the node and the keys taken. */
export function lookup(
  root: SourceNode | undefined,
  steps: readonly (string | readonly string[])[],
): { node: SourceNode; path: string[] } | undefined {
  let node = root;
  const path: string[] = [];
  for (const step of steps) {
    const options = typeof step === 'string' ? [step] : step;
    const key = options.find((option) => member(node, option) !== undefined);
    if (key === undefined) return undefined;
    node = member(node, key);
    path.push(key);
  }
  return node ? { node, path } : undefined;
}

/** The settings form of a server map: `mcp.servers` nested or as one dotted key. */
export function settingsServers(node: SourceNode | undefined, prefix: string[] = []): { node: SourceNode; path: string[] } | undefined {
  const nested = lookup(node, ['mcp', 'servers']);
  if (nested) return { node: nested.node, path: [...prefix, ...nested.path] };
  const flat = lookup(node, ['mcp.servers']);
  return flat ? { node: flat.node, path: [...prefix, ...flat.path] } : undefined;
}

function containerLabel(path: readonly (string | number)[]): string {
  return path.length > 0 ? `"${path.join('.')}"` : 'the server list';
}

/** A map of server name → definition (`mcpServers`, `servers`, `[mcp_servers.x]`, …). */
export function extractMap(
  context: ParseContext,
  container: SourceNode | undefined,
  containerPath: (string | number)[],
  spec: EntrySpec,
  owner: EntryOwner = {},
): void {
  if (container === undefined || container.kind === 'null') return;
  if (container.kind !== 'object') {
    const where = owner.context ? `${owner.context}: ` : '';
    shapeProblem(context, container.span, `${where}${containerLabel(owner.context ? containerPath.slice(-1) : containerPath)} must be an object mapping server names to their definitions, found ${describe(container)}`);
    return;
  }
  container.entries.forEach((entry, index) => {
    // A duplicated name: the client keeps the last definition (the parser reports the duplicate).
    if (container.entries.some((other, later) => later > index && other.key === entry.key)) return;
    extractEntry(context, entry.key, entry.keySpan, entry.value, [...containerPath, entry.key], spec, owner);
  });
}

/** A list of server definitions each naming itself (Continue's YAML `mcpServers:`). */
export function extractList(
  context: ParseContext,
  container: SourceNode | undefined,
  containerPath: (string | number)[],
  spec: EntrySpec,
  owner: EntryOwner = {},
  nameKey = 'name',
): void {
  if (container === undefined || container.kind === 'null') return;
  if (container.kind !== 'array') {
    shapeProblem(context, container.span, `${containerLabel(containerPath)} must be a list of servers, found ${describe(container)}`);
    return;
  }
  container.items.forEach((item, index) => {
    const nameNode = member(item, nameKey);
    let name = `#${index + 1}`;
    let nameSpan: Span = item.span;
    if (nameNode?.kind === 'string' && nameNode.value !== '') {
      name = nameNode.value;
      nameSpan = nameNode.span;
    } else if (item.kind === 'object' && nameNode !== undefined) {
      shapeProblem(context, nameNode.span, `server ${index + 1} of ${containerLabel(containerPath)}: "${nameKey}" must be a non-empty string, found ${describe(nameNode)}`);
    }
    extractEntry(context, name, nameSpan, item, [...containerPath, index], spec, owner);
  });
}

function stringList(context: ParseContext, node: SourceNode, field: string, server: string, from = 0): Located[] {
  if (node.kind !== 'array') return [];
  const result: Located[] = [];
  node.items.forEach((item, index) => {
    if (index < from) return;
    if (item.kind === 'string') result.push(located(context, item.value, item.span));
    else if (item.kind === 'number' || item.kind === 'boolean') result.push(located(context, String(item.value), item.span));
    else shapeProblem(context, item.span, `server "${server}": item ${index + 1} of "${field}" must be a string, found ${describe(item)}`, server);
  });
  return result;
}

function stringMap(context: ParseContext, node: SourceNode | undefined, field: string, server: string): Record<string, Located> {
  const result: Record<string, Located> = {};
  if (node === undefined || node.kind === 'null') return result;
  if (node.kind !== 'object') {
    shapeProblem(context, node.span, `server "${server}": "${field}" must be an object of names to strings, found ${describe(node)}`, server);
    return result;
  }
  for (const entry of node.entries) {
    const value = entry.value;
    if (value.kind === 'string') result[entry.key] = located(context, value.value, value.span);
    else if (value.kind === 'number' || value.kind === 'boolean') result[entry.key] = located(context, String(value.value), value.span);
    else if (value.kind !== 'null') {
      shapeProblem(context, value.span, `server "${server}": "${field}.${entry.key}" must be a string, found ${describe(value)}`, server);
    }
  }
  return result;
}

function optionalString(context: ParseContext, node: SourceNode | undefined, field: string, server: string): Located | undefined {
  if (node === undefined || node.kind === 'null') return undefined;
  if (node.kind === 'string') return located(context, node.value, node.span);
  shapeProblem(context, node.span, `server "${server}": "${field}" must be a string, found ${describe(node)}`, server);
  return undefined;
}

/** One server definition. Exported for clients whose entries sit in unusual places. */
export function extractEntry(
  context: ParseContext,
  name: string,
  nameSpan: Span,
  entryNode: SourceNode,
  jsonPath: (string | number)[],
  spec: EntrySpec,
  owner: EntryOwner = {},
): ServerEntry | undefined {
  const prefix = owner.context ? `${owner.context}: ` : '';
  const label = `${prefix}server "${name}"`;
  if (entryNode.kind !== 'object') {
    shapeProblem(context, entryNode.span, `${label} must be an object, found ${describe(entryNode)}`, name);
    return undefined;
  }
  const skipped = spec.skip?.(entryNode);
  if (typeof skipped === 'string') {
    context.problems.push({ ruleId: SHAPE_RULE, severity: 'info', message: `${label}: ${skipped}`, file: context.location.path, range: rangeOf(context, entryNode.span), serverName: name });
  }
  if (skipped) return undefined;

  let body: SourceNode = entryNode;
  if (spec.body) {
    const nested = member(entryNode, spec.body);
    if (nested?.kind !== 'object') {
      shapeProblem(context, nested?.span ?? entryNode.span, `${label}: "${spec.body}" must be an object, found ${describe(nested)}`, name);
      return undefined;
    }
    body = nested;
  }
  const shown = `${prefix}${name}`;

  // Command and arguments, in the three shapes clients use.
  let command: Located | undefined;
  let args: Located[] = [];
  let env: Record<string, Located> = {};
  const commandKey = spec.command ?? 'command';
  const argsKey = spec.args ?? 'args';
  const envKey = spec.env ?? 'env';
  const commandNode = member(body, commandKey);
  const argsNode = member(body, argsKey);
  if (argsNode !== undefined && argsNode.kind !== 'null' && argsNode.kind !== 'array') {
    shapeProblem(context, argsNode.span, `server "${shown}": "${argsKey}" must be a list of strings, found ${describe(argsNode)}`, name);
  }
  if (commandNode?.kind === 'array' && spec.commandArray) {
    const first = commandNode.items[0];
    if (first?.kind === 'string') command = located(context, first.value, first.span);
    else shapeProblem(context, first?.span ?? commandNode.span, `server "${shown}": "${commandKey}" must start with the program to run, found ${first ? describe(first) : 'an empty list'}`, name);
    args = stringList(context, commandNode, commandKey, shown, 1);
    if (argsNode?.kind === 'array') args.push(...stringList(context, argsNode, argsKey, shown));
  } else if (commandNode?.kind === 'object' && spec.commandObject) {
    const pathNode = member(commandNode, 'path');
    command = optionalString(context, pathNode, `${commandKey}.path`, shown);
    if (pathNode === undefined) shapeProblem(context, commandNode.span, `server "${shown}": "${commandKey}" has no "path" naming the program to run`, name);
    const innerArgs = member(commandNode, 'args');
    if (innerArgs !== undefined && innerArgs.kind !== 'array' && innerArgs.kind !== 'null') {
      shapeProblem(context, innerArgs.span, `server "${shown}": "${commandKey}.args" must be a list of strings, found ${describe(innerArgs)}`, name);
    }
    if (innerArgs) args = stringList(context, innerArgs, `${commandKey}.args`, shown);
    env = stringMap(context, member(commandNode, 'env'), `${commandKey}.env`, shown);
  } else {
    if (commandNode?.kind === 'string') {
      command = located(context, commandNode.value, commandNode.span);
      if (spec.commandArray) {
        shapeProblem(context, commandNode.span, `server "${shown}": "${commandKey}" must be a list (the program, then its arguments), found a string`, name);
      }
    } else if (commandNode !== undefined && commandNode.kind !== 'null') {
      const expected = spec.commandArray ? 'a list of strings' : 'a string';
      shapeProblem(context, commandNode.span, `server "${shown}": "${commandKey}" must be ${expected}, found ${describe(commandNode)}`, name);
    }
    if (argsNode) args = stringList(context, argsNode, argsKey, shown);
  }
  env = { ...env, ...stringMap(context, member(body, envKey), envKey, shown) };
  const headersKey = spec.headers ?? 'headers';
  const headers = stringMap(context, member(body, headersKey), headersKey, shown);
  const cwdKey = spec.cwd ?? 'cwd';
  const cwd = optionalString(context, member(body, cwdKey), cwdKey, shown);

  let url: Located | undefined;
  let urlHint: Transport | undefined;
  for (const urlKey of spec.urls ?? [{ key: 'url' }]) {
    const node = member(body, urlKey.key);
    if (node === undefined) continue;
    const value = optionalString(context, node, urlKey.key, shown);
    if (value) {
      url = value;
      urlHint = urlKey.transport;
      break;
    }
  }

  // Transport: the client's own type field first, then what the fields imply.
  let transport: Transport | undefined;
  let typeSaysRemote = false;
  for (const typeKey of spec.typeKeys ?? ['type']) {
    const typeNode = member(body, typeKey);
    if (typeNode === undefined || typeNode.kind === 'null') continue;
    if (typeNode.kind !== 'string') {
      shapeProblem(context, typeNode.span, `server "${shown}": "${typeKey}" must be a string, found ${describe(typeNode)}`, name);
      continue;
    }
    const table = { ...DEFAULT_TYPES, ...spec.types };
    const meaning = Object.prototype.hasOwnProperty.call(table, typeNode.value) ? table[typeNode.value] : undefined;
    if (meaning === null) return undefined;
    if (meaning === undefined) {
      shapeProblem(context, typeNode.span, `server "${shown}": unknown "${typeKey}" "${typeNode.value}"`, name);
      continue;
    }
    if (meaning === 'remote') typeSaysRemote = true;
    else transport = meaning;
    break;
  }
  if (transport === undefined) {
    if (command && !typeSaysRemote) transport = 'stdio';
    else if (url) transport = urlHint ?? spec.defaultRemote ?? 'http';
    else transport = typeSaysRemote ? (spec.defaultRemote ?? 'http') : 'stdio';
  }
  const malformed = (commandNode !== undefined && commandNode.kind !== 'null') || (spec.urls ?? [{ key: 'url' }]).some((key) => member(body, key.key) !== undefined);
  if (!command && !url) {
    // A present but malformed command or URL already has its own finding.
    if (!malformed) shapeProblem(context, entryNode.span, `server "${shown}" has neither a command nor a URL, so the client cannot start it`, name);
  } else if (transport === 'stdio' && !command) {
    shapeProblem(context, entryNode.span, `server "${shown}" is a local (stdio) server without a command`, name);
  } else if (transport !== 'stdio' && !url) {
    shapeProblem(context, entryNode.span, `server "${shown}" is a remote (${transport}) server without a URL`, name);
  }

  let disabled = false;
  if (spec.disabled) {
    const flag = member(body, spec.disabled.key) ?? (body !== entryNode ? member(entryNode, spec.disabled.key) : undefined);
    if (flag?.kind === 'boolean') disabled = flag.value === spec.disabled.disabledWhen;
    else if (flag !== undefined && flag.kind !== 'null') {
      shapeProblem(context, flag.span, `server "${shown}": "${spec.disabled.key}" must be true or false, found ${describe(flag)}`, name);
    }
  }

  const location = context.location;
  const scope = owner.scope ?? location.scope;
  const projectKey = owner.projectKey ?? location.projectKey;
  const folder = owner.folder ?? location.folder;
  const server: ServerEntry = {
    id: serverId({ client: location.client, scope, configPath: location.path, ...(projectKey !== undefined ? { projectKey } : {}), name }),
    name,
    client: location.client,
    scope,
    configPath: location.path,
    format: location.format,
    transport,
    args,
    env,
    headers,
    disabled,
    range: rangeOf(context, entryNode.span),
    nameRange: rangeOf(context, nameSpan),
    jsonPath,
  };
  if (projectKey !== undefined) server.projectKey = projectKey;
  if (folder !== undefined) server.folder = folder;
  if (command) server.command = command;
  if (url) server.url = url;
  if (cwd) server.cwd = cwd;
  context.servers.push(server);
  return server;
}

/** The common JSON shape (`mcpServers` of Claude Desktop, Cursor, Kiro, …) as a whole parse function. */
export function mapParser(rootKeys: readonly string[], spec: EntrySpec): (text: string, location: ConfigLocation) => ParseOutcome {
  return (text, location) =>
    parseWith(text, location, (context, root) => {
      const found = lookup(root, [rootKeys]);
      if (found) extractMap(context, found.node, found.path, spec);
    });
}
