// Text edits to MCP config files (JSON/JSONC), computed with jsonc-parser so comments and
// formatting survive. Pure functions of the text: code actions turn them into WorkspaceEdits
// the user reviews, saves or undoes. Nothing here writes a file.
import { applyEdits, modify, parseTree, findNodeAtLocation, type Edit, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import type { Located } from '../core/model.js';

export interface TextChange {
  offset: number;
  length: number;
  content: string;
}

export function formattingFor(text: string, eol: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: indent ? Math.min(indent.length, 8) : 2, eol };
}

/** Applies several modifications to one text. Independent edits (each computed on the original
 * text) when they do not overlap; otherwise one edit covering what changed. */
export function modifications(text: string, changes: Array<{ path: JSONPath; value: unknown; insert?: boolean }>, formatting: FormattingOptions): TextChange[] {
  const independent: Edit[] = changes.flatMap((change) =>
    modify(text, change.path, change.value, { formattingOptions: formatting, ...(change.insert ? { isArrayInsertion: true } : {}) }),
  );
  const sorted = [...independent].sort((a, b) => a.offset - b.offset);
  const overlapping = sorted.some((edit, index) => index > 0 && edit.offset < (sorted[index - 1]?.offset ?? 0) + (sorted[index - 1]?.length ?? 0));
  if (!overlapping) return sorted;
  let result = text;
  for (const change of changes) {
    result = applyEdits(result, modify(result, change.path, change.value, { formattingOptions: formatting, ...(change.insert ? { isArrayInsertion: true } : {}) }));
  }
  return [minimalChange(text, result)];
}

export function minimalChange(before: string, after: string): TextChange {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

/** The value with the secret part replaced: only the span the finding marks when it lies inside
 * the string (e.g. the token after "Bearer "), else the whole value. */
export function replaceSecret(located: Located, secret: { offset: number; length: number } | undefined, reference: string): string {
  const { value, range } = located;
  const quoted = range.length === value.length + 2;
  if (secret && quoted) {
    const start = secret.offset - (range.offset + 1);
    const end = start + secret.length;
    if (start >= 0 && end <= value.length && (start > 0 || end < value.length)) return `${value.slice(0, start)}${reference}${value.slice(end)}`;
  }
  return reference;
}

/** The ids of the `inputs` already declared at `inputsPath`. */
export function existingInputIds(text: string, inputsPath: JSONPath): Set<string> {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root ? findNodeAtLocation(root, inputsPath) : undefined;
  const ids = new Set<string>();
  if (node?.type !== 'array') return ids;
  for (const item of node.children ?? []) {
    const id = item.type === 'object' ? findNodeAtLocation(item, ['id']) : undefined;
    if (id?.type === 'string') ids.add(String(id.value));
  }
  return ids;
}

export function hasArray(text: string, path: JSONPath): boolean {
  const root = parseTree(text, [], { allowTrailingComma: true });
  return (root ? findNodeAtLocation(root, path) : undefined)?.type === 'array';
}

/** An id for a new `inputs` entry: the env key (or server and header name), kebab-case, unique. */
export function inputId(serverName: string, field: 'env' | 'headers', key: string, taken: ReadonlySet<string>): string {
  const base = (field === 'env' ? key : `${serverName}-${key}`).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'secret';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** An environment variable name for a header's secret: SERVER_HEADER, upper-case. For env, the key itself. */
export function variableName(serverName: string, field: 'env' | 'headers', key: string): string {
  if (field === 'env' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  const name = `${serverName}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(name) ? name : `MCP_${name}`;
}
