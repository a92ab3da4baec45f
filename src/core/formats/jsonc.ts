import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { duplicateKeyProblems, type ParsedDocument, type SourceNode } from './source-node.js';

function convert(node: Node): SourceNode {
  const span = [node.offset, node.offset + node.length] as const;
  switch (node.type) {
    case 'object':
      return {
        kind: 'object',
        span,
        entries: (node.children ?? []).flatMap((property) => {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode || !valueNode) return [];
          return [
            {
              key: String(keyNode.value),
              keySpan: [keyNode.offset, keyNode.offset + keyNode.length] as const,
              value: convert(valueNode),
            },
          ];
        }),
      };
    case 'array':
      return { kind: 'array', span, items: (node.children ?? []).map(convert) };
    case 'string':
      return { kind: 'string', span, value: String(node.value) };
    case 'number':
      return { kind: 'number', span, value: Number(node.value) };
    case 'boolean':
      return { kind: 'boolean', span, value: Boolean(node.value) };
    case 'null':
      return { kind: 'null', span };
    default:
      return { kind: 'other', span, text: '' };
  }
}

/** JSON with comments and trailing commas, as VS Code, Zed and most clients accept. */
export function parseJsonc(text: string): ParsedDocument {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const root = tree ? convert(tree) : undefined;
  return {
    root,
    problems: [
      ...errors.map((error) => ({
        message: `syntax error: ${printParseErrorCode(error.error)}`,
        offset: error.offset,
        length: Math.max(error.length, 1),
      })),
      ...duplicateKeyProblems(root),
    ],
  };
}
