// A format-neutral tree of a parsed config file in which every value keeps the offsets of its
// text, so findings and edits can point at the exact characters in JSON, TOML or YAML alike.

export type Span = readonly [start: number, end: number];

export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: SourceNode;
}

export type SourceNode =
  | { kind: 'object'; span: Span; entries: ObjectEntry[] }
  | { kind: 'array'; span: Span; items: SourceNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number'; span: Span; value: number }
  | { kind: 'boolean'; span: Span; value: boolean }
  | { kind: 'null'; span: Span }
  | { kind: 'other'; span: Span; text: string };

export interface SyntaxProblem {
  message: string;
  offset: number;
  length: number;
}

export interface ParsedDocument {
  /** Undefined only when nothing could be recovered. */
  root?: SourceNode;
  problems: SyntaxProblem[];
}

/** The last entry with this key, as JSON clients resolve duplicates. */
export function member(node: SourceNode | undefined, key: string): SourceNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i]!;
    if (entry.key === key) return entry.value;
  }
  return undefined;
}

export function entryOf(node: SourceNode | undefined, key: string): ObjectEntry | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    if (node.entries[i]!.key === key) return node.entries[i];
  }
  return undefined;
}

export function stringValue(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

export function booleanValue(node: SourceNode | undefined): boolean | undefined {
  return node?.kind === 'boolean' ? node.value : undefined;
}

/** Duplicate keys in one object: the client silently keeps one, so the user should know. */
export function duplicateKeyProblems(root: SourceNode | undefined): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: SourceNode): void => {
    if (node.kind === 'object') {
      const seen = new Set<string>();
      for (const entry of node.entries) {
        if (seen.has(entry.key)) {
          problems.push({
            message: `duplicate key "${entry.key}": only one of the definitions takes effect`,
            offset: entry.keySpan[0],
            length: entry.keySpan[1] - entry.keySpan[0],
          });
        }
        seen.add(entry.key);
        visit(entry.value);
      }
    } else if (node.kind === 'array') {
      node.items.forEach(visit);
    }
  };
  if (root) visit(root);
  return problems;
}
