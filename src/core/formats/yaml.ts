import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { ParsedDocument, SourceNode, Span } from './source-node.js';

function spanOf(node: YamlNode): Span {
  const range = node.range ?? [0, 0, 0];
  return [range[0], range[1]];
}

function convert(node: unknown): SourceNode | undefined {
  if (isMap(node)) {
    return {
      kind: 'object',
      span: spanOf(node),
      entries: node.items.flatMap((pair) => {
        if (!isPair(pair) || !isScalar(pair.key)) return [];
        const value = convert(pair.value) ?? { kind: 'null' as const, span: spanOf(pair.key) };
        return [{ key: String(pair.key.value), keySpan: spanOf(pair.key), value }];
      }),
    };
  }
  if (isSeq(node)) {
    return {
      kind: 'array',
      span: spanOf(node),
      items: node.items.map((item) => convert(item)).filter((item): item is SourceNode => item !== undefined),
    };
  }
  if (isScalar(node)) {
    const span = spanOf(node);
    const value = node.value;
    if (typeof value === 'string') return { kind: 'string', span, value };
    if (typeof value === 'number') return { kind: 'number', span, value };
    if (typeof value === 'boolean') return { kind: 'boolean', span, value };
    if (value === null || value === undefined) return { kind: 'null', span };
    return { kind: 'other', span, text: String(value) };
  }
  return undefined;
}

/** YAML as goose and Continue write it. Duplicate keys are reported by the yaml library itself. */
export function parseYaml(text: string): ParsedDocument {
  // The document tree is walked without toJS(), so aliases are never expanded ("billion laughs" stays inert).
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  return {
    root: convert(document.contents),
    problems: [...document.errors, ...document.warnings].map((error) => ({
      message: error.message.split('\n')[0] ?? error.message,
      offset: error.pos[0],
      length: Math.max(error.pos[1] - error.pos[0], 1),
    })),
  };
}
