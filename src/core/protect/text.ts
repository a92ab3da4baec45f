// Bytes ↔ text for config edits: the BOM and line endings a file had are kept exactly.
import { createHash } from 'node:crypto';

export interface DecodedFile {
  /** The text the parsers see (without the BOM). */
  text: string;
  bom: boolean;
  /** The line ending new lines are written with: the file's own (CRLF when it uses CRLF). */
  eol: '\n' | '\r\n';
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws on bytes that are not UTF-8: editing them could not give the same bytes back. */
export function decodeConfig(bytes: Uint8Array): DecodedFile {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return { text, bom, eol: crlf > lf ? '\r\n' : '\n' };
}

export function encodeConfig(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const bytes = new Uint8Array(body.length + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(body, 3);
  return bytes;
}

/** A double-quoted string literal valid in JSON, JSONC, TOML (basic string) and YAML (double-quoted)
 * alike: JSON.stringify, plus escapes for DEL, C1 controls and line/paragraph separators, which
 * TOML forbids raw and YAML readers treat unevenly. */
export function quote(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The whitespace-only prefix of the line `offset` is on, or undefined when other text precedes it. */
export function linePrefix(text: string, offset: number): { start: number; prefix: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return { start, prefix: text.slice(start, offset) };
}

/** The offset of the end of the line `offset` is on (before its \r\n or \n). */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
}

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.offset + edit.length > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.offset) + edit.text + result.slice(edit.offset + edit.length);
    limit = edit.offset;
  }
  return result;
}
