// Pretty-prints a JSON value (two-space indent, like JSON.stringify) as DOM nodes and wraps each
// finding's span, at its JSON path, in a <mark>. Spans index the decoded string (UTF-16 units),
// so each piece of a flagged string is escaped on its own: the mark covers exactly the flagged
// characters however the JSON escapes them. Invisible characters inside a mark are spelled out
// (⟦U+E0049 'I'⟧) so a hidden instruction is seen, not just an empty highlight.
import { childPath } from '../core/detect/json-path.js';
import { showInvisible } from '../core/pins/visible-text.js';

export interface Highlight {
  span: [number, number];
  /** Tooltip: the rule and its message. */
  title: string;
}

export interface RenderedJson {
  node: HTMLElement;
  /** The visible text of every mark, in document order. */
  marks: string[];
}

const MAX_DEPTH = 64;

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Non-overlapping, in-range spans in order; overlapping ones merge, titles joined. */
function normalise(highlights: readonly Highlight[], length: number): Highlight[] {
  const sorted = highlights
    .map((h) => ({ span: [Math.max(0, h.span[0]), Math.min(length, h.span[1])] as [number, number], title: h.title }))
    .filter((h) => h.span[1] > h.span[0])
    .sort((a, b) => a.span[0] - b.span[0]);
  const out: Highlight[] = [];
  for (const h of sorted) {
    const last = out[out.length - 1];
    if (last && h.span[0] <= last.span[1]) {
      last.span[1] = Math.max(last.span[1], h.span[1]);
      last.title = `${last.title}\n${h.title}`;
    } else out.push({ span: [...h.span], title: h.title });
  }
  return out;
}

export function renderJson(value: unknown, highlights: ReadonlyMap<string, readonly Highlight[]>): RenderedJson {
  const pre = document.createElement('pre');
  pre.className = 'json';
  const marks: string[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer) pre.append(document.createTextNode(buffer));
    buffer = '';
  };

  const string = (text: string, path: string): void => {
    const wanted = highlights.get(path);
    if (!wanted) {
      buffer += JSON.stringify(text);
      return;
    }
    buffer += '"';
    let at = 0;
    for (const h of normalise(wanted, text.length)) {
      buffer += escaped(text.slice(at, h.span[0]));
      flush();
      const mark = document.createElement('mark');
      mark.className = 'finding';
      mark.title = h.title;
      mark.textContent = showInvisible(escaped(text.slice(h.span[0], h.span[1])));
      pre.append(mark);
      marks.push(mark.textContent);
      at = h.span[1];
    }
    buffer += `${escaped(text.slice(at))}"`;
  };

  const walk = (node: unknown, path: string, indent: string, depth: number): void => {
    if (typeof node === 'string') return string(node, path);
    if (depth > MAX_DEPTH || node === null || typeof node !== 'object') {
      buffer += depth > MAX_DEPTH ? '"…"' : JSON.stringify(node) ?? 'null';
      return;
    }
    const inner = `${indent}  `;
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    const [open, close] = Array.isArray(node) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      buffer += `${open}${close}`;
      return;
    }
    buffer += `${open}\n`;
    entries.forEach(([key, item], index) => {
      buffer += inner + (typeof key === 'number' ? '' : `${JSON.stringify(key)}: `);
      walk(item, childPath(path, key), inner, depth + 1);
      buffer += index < entries.length - 1 ? ',\n' : '\n';
    });
    buffer += `${indent}${close}`;
  };

  walk(value, '', '', 0);
  flush();
  return { node: pre, marks };
}
