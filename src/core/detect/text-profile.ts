// One pass over a text that collects everything the detectors need to decide where to look:
// trigger-word positions per rule group, lines that open with a request word, runs of base64 and
// hex characters, blank-space runs, and whether any invisible or non-ASCII character occurs.
// Every detector then works on these candidates instead of running its own regular expressions
// over the whole text, which keeps scanning close to the cost of reading the bytes once.
//
// Trigger words: each rule group lists lower-case ASCII words one of which occurs in every match
// of its rules, and a reach (how far a match extends around its trigger).

import { lineStartWithin } from './text-tools.js';

export interface TriggerGroup {
  name: string;
  words: readonly string[];
  /** Substrings looked up with indexOf (symbols, other scripts); case-sensitive. */
  literals?: readonly string[];
  reach: number;
}

export interface WhitespaceRun {
  start: number;
  end: number;
  newlines: number;
  longestLineRun: number;
}

export interface TextProfile {
  /** Trigger positions (ascending) per group name. */
  triggers: Map<string, number[]>;
  /** Offsets of lines whose first word is one of the line-opener words. */
  openerLines: number[];
  base64Runs: Array<[number, number]>;
  hexRuns: Array<[number, number]>;
  whitespaceRuns: WhitespaceRun[];
  hasNonAscii: boolean;
  /** A zero-width, bidi, tag, variation-selector or other format character may be present. */
  hasInvisible: boolean;
  /** Offset of the first such character (scans for them can start there), or −1. */
  firstInvisible: number;
  /** Offset of the first Greek, Cyrillic, Armenian, Cherokee, full-width or mathematical letter, or −1. */
  firstConfusable: number;
}

const MIN_BASE64 = 24;
const MIN_HEX = 32;
const MIN_WHITESPACE = 40;

// Character classes of ASCII, as bits: 1 base64 (A–Z a–z 0–9 + / _ -), 2 hex, 4 space or tab, 8 newline.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  if (letter || digit || c === 43 || c === 47 || c === 95 || c === 45) CLASS[c]! |= 1;
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) CLASS[c]! |= 2;
  if (c === 32 || c === 9 || c === 13) CLASS[c]! |= 4;
  if (c === 10) CLASS[c]! |= 8;
}

function isInvisibleCandidate(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    c === 0xfeff ||
    c === 0x00ad ||
    c === 0xd804 || // U+110BD
    c === 0xd80d || // U+13430–U+1343F (Egyptian hieroglyph format controls)
    c === 0x180e ||
    c === 0x061c ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xdb40 || // high surrogate of U+E0000–U+E03FF (tags, variation selectors supplement)
    c === 0xd834 || // high surrogate of U+1D173–U+1D17A (musical format characters)
    (c >= 0x0600 && c <= 0x0605) ||
    c === 0x06dd ||
    c === 0x070f ||
    c === 0x08e2 ||
    (c >= 0xfff9 && c <= 0xfffb)
  );
}

/** Letters of scripts with Latin look-alikes (see rules/mixed-script.ts), or a surrogate of U+1D400–1D7FF. */
function isConfusableCandidate(c: number): boolean {
  return (c >= 0x0370 && c <= 0x058f) || (c >= 0x13a0 && c <= 0x13ff) || (c >= 0xff01 && c <= 0xff5e) || c === 0xd835;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Words are found with one compiled regular expression (an alternation of every trigger word,
 * which the regex engine runs natively and far faster than a JavaScript loop over characters);
 * runs and flags with one tight loop over a class table.
 */
export class TextProfiler {
  private readonly groupsOf = new Map<string, number[]>();
  private readonly groupsOfLiteral = new Map<string, number[]>();
  private readonly wordRe: RegExp;
  private readonly literalRe: RegExp | undefined;
  private readonly openerRe: RegExp;

  constructor(
    private readonly groups: readonly TriggerGroup[],
    openerWords: readonly string[],
  ) {
    groups.forEach((group, g) => {
      for (const word of group.words) {
        const list = this.groupsOf.get(word) ?? [];
        if (!list.includes(g)) list.push(g);
        this.groupsOf.set(word, list);
      }
    });
    groups.forEach((group, g) => {
      for (const literal of group.literals ?? []) {
        const list = this.groupsOfLiteral.get(literal) ?? [];
        if (!list.includes(g)) list.push(g);
        this.groupsOfLiteral.set(literal, list);
      }
    });
    const alternation = (words: Iterable<string>): string => [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    // All literals in one alternation: one native pass instead of one indexOf pass per literal.
    this.literalRe = this.groupsOfLiteral.size > 0 ? new RegExp(alternation(this.groupsOfLiteral.keys()), 'g') : undefined;
    this.wordRe = new RegExp(`\\b(?:${alternation(this.groupsOf.keys())})\\b`, 'gi');
    this.openerRe = new RegExp(`^[ \\t]{0,40}(?:${alternation(openerWords)})\\b`, 'gim');
  }

  profile(text: string): TextProfile {
    const hits: number[][] = this.groups.map(() => []);
    this.wordRe.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = this.wordRe.exec(text)) !== null) {
      const groups = this.groupsOf.get(m[0].toLowerCase());
      if (groups) for (const g of groups) hits[g]!.push(m.index);
    }
    if (this.literalRe) {
      const touched = new Set<number>();
      this.literalRe.lastIndex = 0;
      while ((m = this.literalRe.exec(text)) !== null) {
        for (const g of this.groupsOfLiteral.get(m[0]) ?? []) {
          hits[g]!.push(m.index);
          touched.add(g);
        }
      }
      for (const g of touched) hits[g]!.sort((a, b) => a - b);
    }
    const triggers = new Map(this.groups.map((group, g) => [group.name, hits[g]!]));

    const openerLines: number[] = [];
    this.openerRe.lastIndex = 0;
    while ((m = this.openerRe.exec(text)) !== null) openerLines.push(m.index);

    const base64Runs: Array<[number, number]> = [];
    const whitespaceRuns: WhitespaceRun[] = [];
    let hasNonAscii = false;
    let hasInvisible = false;
    let firstInvisible = -1;
    let firstConfusable = -1;
    let b64 = 0;
    let ws = 0;
    let newlines = 0;
    const n = text.length;
    // Kept minimal on purpose (a class lookup and two counters): it is the only loop over every
    // character of the text. Hex runs and line lengths are derived from the few long runs after.
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let k = 0;
      if (c < 128) k = CLASS[c]!;
      else {
        hasNonAscii = true;
        if (c === 0xa0 || c === 0x3000) k = 4;
        else if (!hasInvisible && isInvisibleCandidate(c)) {
          hasInvisible = true;
          firstInvisible = i;
        } else if (firstConfusable < 0 && isConfusableCandidate(c)) firstConfusable = i;
      }
      if (k & 1) {
        b64++;
      } else if (b64 !== 0) {
        if (b64 >= MIN_BASE64) base64Runs.push([i - b64, i]);
        b64 = 0;
      }
      if (k & 12) {
        ws++;
        if (k & 8) newlines++;
      } else if (ws !== 0) {
        if (ws >= MIN_WHITESPACE || newlines >= 6) whitespaceRuns.push({ start: i - ws, end: i, newlines, longestLineRun: 0 });
        ws = 0;
        newlines = 0;
      }
    }
    if (b64 >= MIN_BASE64) base64Runs.push([n - b64, n]);
    // Only runs followed by more text are recorded above: trailing blanks hide nothing.
    for (const run of whitespaceRuns) {
      let lineRun = 0;
      for (let i = run.start; i < run.end; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) lineRun = 0;
        else if (c !== 13 && ++lineRun > run.longestLineRun) run.longestLineRun = lineRun;
      }
    }
    const hexRuns: Array<[number, number]> = [];
    for (const [start, end] of base64Runs) {
      if (end - start < MIN_HEX) continue;
      let hex = 0;
      for (let i = start; i <= end; i++) {
        const c = i < end ? text.charCodeAt(i) : 0;
        if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) hex++;
        else {
          if (hex >= MIN_HEX) hexRuns.push([i - hex, i]);
          hex = 0;
        }
      }
    }
    return { triggers, openerLines, base64Runs, hexRuns, whitespaceRuns, hasNonAscii, hasInvisible, firstInvisible, firstConfusable };
  }
}

/** Merged [start, end) windows around trigger positions, widened to line or word boundaries. */
export function windows(text: string, positions: readonly number[], reach: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const p of positions) {
    let start = Math.max(0, p - reach);
    let end = Math.min(text.length, p + reach);
    const last = out[out.length - 1];
    if (last && start <= last[1]) {
      // Overlaps the previous window: extend it (its start is already on a boundary).
      if (end > last[1]) last[1] = extendToSpace(text, end);
      continue;
    }
    if (start > 0) {
      // Start on a line if one begins close by (rules anchor on ^), else just after white space.
      const line = lineStartWithin(text, start, 200);
      start = line > Math.max(0, start - 200) || text.charCodeAt(line - 1) === 10 ? line : backToSpace(text, start);
    }
    end = extendToSpace(text, end);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function isWhite(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function backToSpace(text: string, from: number): number {
  let i = from;
  const floor = Math.max(0, from - 64);
  while (i > floor && !isWhite(text.charCodeAt(i - 1))) i--;
  return i;
}

function extendToSpace(text: string, from: number): number {
  let i = from;
  const ceiling = Math.min(text.length, from + 64);
  while (i < ceiling && !isWhite(text.charCodeAt(i))) i++;
  return i;
}

/** Matches beyond this many per rule and string add nothing (the engine keeps 20 findings per rule). */
export const MATCH_LIMIT = 100;

/** Every match of a global regex inside the windows, with offsets into the whole text; no duplicates. */
export function matchesInWindows(
  re: RegExp,
  text: string,
  wins: ReadonlyArray<[number, number]>,
  limit = MATCH_LIMIT,
): Array<{ index: number; text: string }> {
  const out: Array<{ index: number; text: string }> = [];
  let lastEnd = -1;
  for (const [start, end] of wins) {
    if (out.length >= limit) break;
    const slice = text.slice(start, end);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const index = start + m.index;
      if (index >= lastEnd) {
        // A rule may capture the rest of its phrase in a trailing lookahead named `tail`.
        const tail = m.groups?.tail ?? '';
        const matched = tail.length > 0 ? slice.slice(m.index, m.index + m[0].length + tail.length) : m[0];
        out.push({ index, text: matched });
        lastEnd = index + m[0].length;
        if (out.length >= limit) break;
      }
    }
  }
  re.lastIndex = 0;
  return out;
}
