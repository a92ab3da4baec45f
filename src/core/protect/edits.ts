// Minimal text edits that route one entry's launch through the proxy and back, computed on the
// exact spans of a fresh parse (walking ServerEntry.jsonPath), so everything else in the file
// (comments, formatting, key order, other servers) stays byte for byte as it was. String values
// are written as double-quoted literals, valid in JSON, TOML and YAML alike; a new list is a flow
// list `[..]`, valid in all three.
import type { LaunchShape } from '../clients/adapter.js';
import { parseJsonc } from '../formats/jsonc.js';
import { entryOf, member, type ObjectEntry, type SourceNode } from '../formats/source-node.js';
import { parseToml } from '../formats/toml.js';
import { parseYaml } from '../formats/yaml.js';
import type { ConfigFormat } from '../model.js';
import { lineEnd, linePrefix, quote, type TextEdit } from './text.js';

/** One replacement protect made, as unprotect finds it again: where (relative to the entry's
 * nodes), what was there before, and what protect wrote. */
export type EditRecord =
  | { at: 'command'; original: string; written: string }
  | { at: 'list-start'; original: ''; written: string }
  | { at: 'list-value'; original: string; written: string }
  | { at: 'after-command'; delta: number; original: ''; written: string };

type ArrayNode = Extract<SourceNode, { kind: 'array' }>;
type StringNode = Extract<SourceNode, { kind: 'string' }>;

/** The nodes of one entry's launch in a parsed file. */
export interface LaunchNodes {
  kind: 'fields' | 'nested' | 'array';
  /** The object holding the command member (or, nested, the `path`). */
  owner: Extract<SourceNode, { kind: 'object' }>;
  /** The program string (fields, nested); undefined for a command list. */
  command?: StringNode;
  commandEntry?: ObjectEntry;
  /** The list whose head protect edits: `args` (fields, nested) or the command list (array). */
  list?: SourceNode;
  listEntry?: ObjectEntry;
  argsKey: string;
}

export class EditError extends Error {}

export function parseFormat(text: string, format: ConfigFormat): SourceNode | undefined {
  switch (format) {
    case 'toml':
      return parseToml(text).root;
    case 'yaml':
      return parseYaml(text).root;
    default:
      return parseJsonc(text).root;
  }
}

export function walk(root: SourceNode | undefined, path: readonly (string | number)[]): SourceNode | undefined {
  let node = root;
  for (const step of path) {
    if (typeof step === 'number') node = node?.kind === 'array' ? node.items[step] : undefined;
    else node = member(node, step);
    if (node === undefined) return undefined;
  }
  return node;
}

/** Finds the launch of the entry at `jsonPath`; throws EditError when it is not in a shape protect can edit. */
export function locateLaunch(text: string, format: ConfigFormat, jsonPath: readonly (string | number)[], shape: LaunchShape): LaunchNodes {
  const entry = walk(parseFormat(text, format), jsonPath);
  if (entry?.kind !== 'object') throw new EditError('the entry is no longer where it was read from');
  let body: SourceNode = entry;
  if (shape.body) {
    const nested = member(entry, shape.body);
    if (nested?.kind !== 'object') throw new EditError(`"${shape.body}" is not an object`);
    body = nested;
  }
  if (body.kind !== 'object') throw new EditError('the entry is not an object');
  const commandNode = member(body, shape.command);
  if (shape.commandArray && commandNode?.kind === 'array') {
    return { kind: 'array', owner: body, list: commandNode, listEntry: entryOf(body, shape.command), argsKey: shape.args };
  }
  if (shape.commandObject && commandNode?.kind === 'object') {
    const path = member(commandNode, 'path');
    if (path?.kind !== 'string') throw new EditError(`"${shape.command}.path" is not a string`);
    const nodes: LaunchNodes = { kind: 'nested', owner: commandNode, command: path, argsKey: 'args' };
    nodes.commandEntry = entryOf(commandNode, 'path');
    nodes.list = member(commandNode, 'args');
    nodes.listEntry = entryOf(commandNode, 'args');
    return nodes;
  }
  if (commandNode?.kind !== 'string' || shape.commandArray) {
    throw new EditError(`"${shape.command}" is not ${shape.commandArray ? 'a list' : 'a string'}`);
  }
  const nodes: LaunchNodes = { kind: 'fields', owner: body, command: commandNode, argsKey: shape.args };
  nodes.commandEntry = entryOf(body, shape.command);
  nodes.list = member(body, shape.args);
  nodes.listEntry = entryOf(body, shape.args);
  return nodes;
}

const slice = (text: string, node: { span: readonly [number, number] }): string => text.slice(node.span[0], node.span[1]);

function isFlowList(text: string, list: SourceNode): boolean {
  return text[list.span[0]] === '[';
}

/** What goes between two items of a flow list, in the list's own style. */
function flowSeparator(text: string, list: ArrayNode, eol: string): string {
  const [first, second] = list.items;
  if (first && second) {
    const gap = text.slice(first.span[1], second.span[0]);
    if (/^\s*,\s*$/.test(gap)) return gap;
  }
  if (first && text.slice(list.span[0] + 1, first.span[0]).includes('\n')) {
    const { prefix } = linePrefix(text, first.span[0]);
    if (/^[ \t]*$/.test(prefix)) return `,${eol}${prefix}`;
  }
  return ', ';
}

function flowList(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

const YAML_NULL = /^(null|Null|NULL|~)$/;

/** Puts `values` in front of the list's items (or makes the list), as one edit. */
function prependToList(text: string, format: ConfigFormat, eol: string, nodes: LaunchNodes, values: readonly string[]): { edit: TextEdit; record: EditRecord } {
  const list = nodes.list;
  if (list?.kind === 'array' && list.items.length > 0) {
    const first = list.items[0]!;
    let written: string;
    if (isFlowList(text, list)) {
      const separator = flowSeparator(text, list, eol);
      written = values.map(quote).join(separator) + separator;
    } else {
      // A YAML block list: each new item on its own line, with the first item's "- " prefix.
      const { prefix } = linePrefix(text, first.span[0]);
      if (format !== 'yaml' || !/^[ \t]*-[ \t]+$/.test(prefix)) throw new EditError('the argument list is in a layout protect does not edit');
      const joiner = eol + prefix;
      written = values.map(quote).join(joiner) + joiner;
    }
    return { edit: { offset: first.span[0], length: 0, text: written }, record: { at: 'list-start', original: '', written } };
  }
  if (list?.kind === 'array') {
    if (!isFlowList(text, list)) throw new EditError('the empty argument list is in a layout protect does not edit');
    const original = slice(text, list);
    const written = flowList(values);
    return { edit: { offset: list.span[0], length: original.length, text: written }, record: { at: 'list-value', original, written } };
  }
  if (list?.kind === 'null' && nodes.kind !== 'array') {
    const original = slice(text, list);
    if (format === 'yaml' ? !YAML_NULL.test(original) : original !== 'null') throw new EditError(`"${nodes.argsKey}" is empty; write it as a list ([]) first`);
    const written = flowList(values);
    return { edit: { offset: list.span[0], length: original.length, text: written }, record: { at: 'list-value', original, written } };
  }
  if (list !== undefined) throw new EditError(`"${nodes.argsKey}" is not a list`);
  return addListMember(text, format, eol, nodes, values);
}

/** The entry has no argument list: add one right after the command, in the entry's style. */
function addListMember(text: string, format: ConfigFormat, eol: string, nodes: LaunchNodes, values: readonly string[]): { edit: TextEdit; record: EditRecord } {
  const command = nodes.command;
  const key = nodes.commandEntry?.keySpan;
  if (!command || !key) throw new EditError('the entry has no command to add arguments to');
  const inline = text[nodes.owner.span[0]] === '{';
  const { prefix } = linePrefix(text, key[0]);
  let keyText: string;
  let separator: string;
  let at = command.span[1];
  if (format === 'toml') {
    const commandKey = text.slice(key[0], key[1]);
    const name = nodes.commandEntry!.key;
    const ending = [name, `"${name}"`, `'${name}'`].find((form) => commandKey.endsWith(form));
    if (ending === undefined) throw new EditError('the command key is written in a form protect does not edit');
    const bare = /^[A-Za-z0-9_-]+$/.test(nodes.argsKey) ? nodes.argsKey : quote(nodes.argsKey);
    keyText = `${commandKey.slice(0, commandKey.length - ending.length)}${bare} = `;
    if (inline) separator = ', ';
    else {
      if (!/^[ \t]*$/.test(prefix)) throw new EditError('the command line is in a layout protect does not edit');
      at = lineEnd(text, command.span[1]);
      separator = eol + prefix;
    }
  } else if (format === 'yaml') {
    keyText = `${/^[A-Za-z0-9_-]+$/.test(nodes.argsKey) ? nodes.argsKey : quote(nodes.argsKey)}: `;
    if (inline) separator = ', ';
    else {
      if (!/^[ \t-]*$/.test(prefix)) throw new EditError('the command line is in a layout protect does not edit');
      at = lineEnd(text, command.span[1]);
      separator = eol + ' '.repeat(prefix.length);
    }
  } else {
    keyText = `${quote(nodes.argsKey)}: `;
    separator = /^[ \t]*$/.test(prefix) && !inlineObject(text, nodes.owner, key[0]) ? `,${eol}${prefix}` : ', ';
  }
  const written = `${separator}${keyText}${flowList(values)}`;
  return { edit: { offset: at, length: 0, text: written }, record: { at: 'after-command', delta: at - command.span[1], original: '', written } };
}

/** True when the key sits on the same line as the object's opening brace (a one-line JSON object). */
function inlineObject(text: string, owner: SourceNode, keyStart: number): boolean {
  return !text.slice(owner.span[0], keyStart).includes('\n');
}

export interface ProtectPlan {
  edits: TextEdit[];
  records: EditRecord[];
}

/** The edits that make the entry launch `proxied` (which ends with the original launch). */
export function planProtect(text: string, format: ConfigFormat, eol: string, nodes: LaunchNodes, proxied: { command: string; args: string[] }, originalArgCount: number): ProtectPlan {
  const edits: TextEdit[] = [];
  const records: EditRecord[] = [];
  if (nodes.kind === 'array') {
    // [cmd, a, b] → [node, proxy, --server, id, --, cmd, a, b]: only an insertion at the head.
    const head = [proxied.command, ...proxied.args.slice(0, proxied.args.length - originalArgCount - 1)];
    const step = prependToList(text, format, eol, nodes, head);
    edits.push(step.edit);
    records.push(step.record);
    return { edits, records };
  }
  const command = nodes.command!;
  const original = slice(text, command);
  const written = quote(proxied.command);
  edits.push({ offset: command.span[0], length: original.length, text: written });
  records.push({ at: 'command', original, written });
  // The original args stay where they are; the proxy's own arguments and the original command go in front.
  const head = proxied.args.slice(0, proxied.args.length - originalArgCount);
  const step = prependToList(text, format, eol, nodes, head);
  edits.push(step.edit);
  records.push(step.record);
  return { edits, records };
}

/** Finds what protect wrote, to put the original back; undefined when the entry no longer holds it. */
export function planRestore(text: string, nodes: LaunchNodes, records: readonly EditRecord[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const record of records) {
    let offset: number;
    switch (record.at) {
      case 'command':
        if (!nodes.command) return undefined;
        offset = nodes.command.span[0];
        if (slice(text, nodes.command) !== record.written) return undefined;
        break;
      case 'list-start': {
        const first = nodes.list?.kind === 'array' ? nodes.list.items[0] : undefined;
        if (!first) return undefined;
        offset = first.span[0];
        break;
      }
      case 'list-value':
        if (!nodes.list || slice(text, nodes.list) !== record.written) return undefined;
        offset = nodes.list.span[0];
        break;
      case 'after-command':
        if (!nodes.command) return undefined;
        offset = nodes.command.span[1] + record.delta;
        break;
    }
    if (!text.startsWith(record.written, offset)) return undefined;
    edits.push({ offset, length: record.written.length, text: record.original });
  }
  return edits;
}

/** Rebuilds the original launch from the arguments after `--`, when protect's own text is no longer
 * there to take out: drops the proxy's items from the head of the list and restores the command. */
export function planRebuild(text: string, format: ConfigFormat, nodes: LaunchNodes, original: { command: string }): TextEdit[] {
  const list = nodes.list;
  if (list?.kind !== 'array') throw new EditError('the protected entry has no argument list');
  const separator = list.items.findIndex((item) => item.kind === 'string' && item.value === '--');
  if (separator === -1) throw new EditError('the protected entry has no "--" before the original command');
  const edits: TextEdit[] = [];
  // fields/nested: drop [proxy … -- command] and restore the command; array: drop [node proxy … --].
  const count = nodes.kind === 'array' ? separator + 1 : separator + 2;
  const first = list.items[0]!;
  const next = list.items[count];
  if (next) edits.push({ offset: first.span[0], length: next.span[0] - first.span[0], text: '' });
  else if (isFlowList(text, list)) edits.push({ offset: list.span[0], length: list.span[1] - list.span[0], text: '[]' });
  else {
    const key = nodes.listEntry?.keySpan;
    if (!key) throw new EditError('the argument list is in a layout protect does not edit');
    edits.push({ offset: key[1], length: list.span[1] - key[1], text: format === 'toml' ? ' = []' : ': []' });
  }
  if (nodes.kind !== 'array') {
    const command = nodes.command!;
    edits.push({ offset: command.span[0], length: command.span[1] - command.span[0], text: quote(original.command) });
  }
  return edits;
}
