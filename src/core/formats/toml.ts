import { parseTOML, type AST } from 'toml-eslint-parser';
import type { ObjectEntry, ParsedDocument, SourceNode, Span } from './source-node.js';

type ObjectNode = Extract<SourceNode, { kind: 'object' }>;

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((part) => (part.type === 'TOMLBare' ? part.name : part.value));
}

function convertValue(node: AST.TOMLContentNode): SourceNode {
  const span: Span = node.range;
  switch (node.type) {
    case 'TOMLArray':
      return { kind: 'array', span, items: node.elements.map(convertValue) };
    case 'TOMLInlineTable': {
      const object: ObjectNode = { kind: 'object', span, entries: [] };
      for (const keyValue of node.body) assign(object, keyValue);
      return object;
    }
    case 'TOMLValue':
      if (node.kind === 'string') return { kind: 'string', span, value: node.value };
      if (node.kind === 'boolean') return { kind: 'boolean', span, value: node.value };
      if (node.kind === 'integer' || node.kind === 'float') return { kind: 'number', span, value: Number(node.value) };
      return { kind: 'other', span, text: String(node.value) };
  }
}

/** Walks (creating as needed) the tables a dotted key or table header names. */
function descend(object: ObjectNode, names: string[], keySpan: Span, span: Span): ObjectNode {
  let current = object;
  for (const name of names) {
    const existing = current.entries.find((entry) => entry.key === name);
    if (existing?.value.kind === 'object') {
      current = existing.value;
      continue;
    }
    const created: ObjectNode = { kind: 'object', span, entries: [] };
    const entry: ObjectEntry = { key: name, keySpan, value: created };
    current.entries.push(entry);
    current = created;
  }
  return current;
}

function assign(object: ObjectNode, keyValue: AST.TOMLKeyValue): void {
  const names = keyNames(keyValue.key);
  const last = names.pop();
  if (last === undefined) return;
  const parent = descend(object, names, keyValue.key.range, keyValue.range);
  parent.entries.push({ key: last, keySpan: keyValue.key.range, value: convertValue(keyValue.value) });
}

/** TOML as Codex writes it, with the offsets of every key and value kept. */
export function parseToml(text: string): ParsedDocument {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (error) {
    const offset = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
    return { problems: [{ message: `syntax error: ${(error as Error).message}`, offset, length: 1 }] };
  }
  const root: ObjectNode = { kind: 'object', span: program.range, entries: [] };
  const top = program.body[0];
  for (const item of top?.body ?? []) {
    if (item.type === 'TOMLKeyValue') {
      assign(root, item);
      continue;
    }
    const names = keyNames(item.key);
    if (item.kind === 'array') {
      const last = names.pop() ?? '';
      const parent = descend(root, names, item.key.range, item.range);
      let list = parent.entries.find((entry) => entry.key === last)?.value;
      if (list?.kind !== 'array') {
        list = { kind: 'array', span: item.range, items: [] };
        parent.entries.push({ key: last, keySpan: item.key.range, value: list });
      }
      const element: ObjectNode = { kind: 'object', span: item.range, entries: [] };
      for (const keyValue of item.body) assign(element, keyValue);
      list.items.push(element);
      continue;
    }
    const table = descend(root, names, item.key.range, item.range);
    // The header's own span is the entry's span: "[mcp_servers.github]" through its last key.
    const headerEntry = findEntry(root, names);
    if (headerEntry) headerEntry.keySpan = item.key.range;
    if (headerEntry && headerEntry.value.kind === 'object') headerEntry.value.span = item.range;
    for (const keyValue of item.body) assign(table, keyValue);
  }
  return { root, problems: [] };
}

function findEntry(root: ObjectNode, names: string[]): ObjectEntry | undefined {
  let current: SourceNode = root;
  let found: ObjectEntry | undefined;
  for (const name of names) {
    if (current.kind !== 'object') return undefined;
    found = current.entries.find((entry) => entry.key === name);
    if (!found) return undefined;
    current = found.value;
  }
  return found;
}
