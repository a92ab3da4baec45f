// Collects once per text everything the detectors need to decide where to look: trigger-word
// positions per rule group, lines that open with a request word, runs of base64 and hex
// characters, blank-space runs, and where the non-ASCII (invisible, look-alike) characters are.
// Every detector then works on these candidates instead of running its own regular expressions
// over the whole text. Only native scans (one regular expression, indexOf) visit every character;
// the JavaScript code looks at the hits, line starts and sparse probes (see TextProfiler).
//
// Trigger words: each rule group lists lower-case ASCII words one of which occurs in every match
// of its rules, and a reach (how far a match extends around its trigger).

import { nonAsciiSegments, scanNonAscii, type NonAsciiScan } from './non-ascii.js';

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
  /** Trigger positions (ascending; thinned where dense, see addHit) per group name. */
  triggers: Map<string, number[]>;
  /** Offsets of lines whose first word is one of the line-opener words. */
  openerLines: number[];
  base64Runs: Array<[number, number]>;
  hexRuns: Array<[number, number]>;
  whitespaceRuns: WhitespaceRun[];
  /** Where the non-ASCII characters are, and the invisible ones and look-alike letters among them. */
  nonAscii: NonAsciiScan;
}

const MIN_BASE64 = 24;
const MIN_HEX = 32;
/**
 * The padding rule's smallest thresholds (rules/whitespace.ts): blank runs are recorded when they
 * could reach one of them, so ordinary indentation and table padding cost nothing further.
 */
export const PADDING_MIN_SPACES = 120;
export const PADDING_MIN_NEWLINES = 12;

// Character classes of ASCII, as bits: 1 base64 (A–Z a–z 0–9 + / _ -), 4 blank (space, tab, CR).
const B64 = 1;
const BLANK = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  if (letter || digit || c === 43 || c === 47 || c === 95 || c === 45) CLASS[c]! |= B64;
  if (c === 32 || c === 9 || c === 13) CLASS[c]! |= BLANK;
}

function isBase64(c: number): boolean {
  return c < 128 && (CLASS[c]! & B64) !== 0;
}

/** Blank for the padding rule: space, tab, CR, newline, no-break space, ideographic space. */
function isBlank(c: number): boolean {
  return c < 128 ? (CLASS[c]! & BLANK) !== 0 || c === 10 : c === 0xa0 || c === 0x3000;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Lower-case of an ASCII word character (A–Z folded, everything else unchanged). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Hash of text[start, end) with ASCII letters lower-cased; the same function hashes the word list. */
function wordHash(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + lower(text.charCodeAt(i))) | 0;
  return h;
}

/**
 * Appends a trigger position to an ascending list. Rules use the positions only through
 * windows(), which merges [p − reach, p + reach] around each: a position whose neighbours on
 * both sides lie within 2 × reach of each other adds nothing, so the newest replaces it. A
 * megabyte of trigger words then costs a short list, and the windows stay exactly the same.
 */
function addHit(list: number[], at: number, reach: number): void {
  const n = list.length;
  if (n >= 2 && at - list[n - 2]! <= 2 * reach) list[n - 1] = at;
  else list.push(at);
}

/** Whether text[start, end) is `word` (lower case) compared case-insensitively (ASCII). */
function sameWord(text: string, start: number, end: number, word: string): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (lower(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether `literal` occurs in `text` at `at` (startsWith without its slow path on sliced strings). */
function occursAt(text: string, literal: string, at: number): boolean {
  if (at + literal.length > text.length) return false;
  for (let i = 0; i < literal.length; i++) if (text.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  return true;
}

const TABLE_BITS = 10;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

interface WordEntry {
  word: string;
  hash: number;
  groups: readonly number[];
  /** Next entry in the same hash slot, or −1. */
  next: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Trigger words are found with one compiled regular expression (an alternation of every word,
 * which the regex engine runs natively); literals with indexOf (long ones are searched with
 * skips); request openers by looking at the first word of each line; runs of base64 and blank
 * characters by probing every 24th (40th) character, since a run that long must contain a probe,
 * and expanding around the probes that hit. No JavaScript loop visits every character.
 */
export class TextProfiler {
  private readonly groupsOf = new Map<string, number[]>();
  private readonly groupsOfLiteral = new Map<string, number[]>();
  /** Groups of each literal, by its index in `literals`. */
  private readonly groupsOfLiteralIndex: number[][];
  /** Literals in the order of one alternation sorted by length (longest first wins at a position). */
  private readonly literals: string[];
  /** Offset of each literal's first non-ASCII character (0 when it has none). */
  private readonly literalAnchor: number[];
  /**
   * Literals anchored on a non-ASCII character, by that character: `anchorChar` maps it to 1 +
   * its index in `literalsByAnchor` (used where the non-ASCII segments are sparse).
   */
  private readonly literalsByAnchor: number[][] = [];
  private readonly anchorChar = new Uint16Array(0x10000);
  private readonly entries: WordEntry[] = [];
  private readonly slots = new Int32Array(1 << TABLE_BITS).fill(-1);
  private readonly wordRe: RegExp;
  /** Request openers (lower case) by wordHash. */
  private readonly openers = new Map<number, string[]>();
  private readonly maxOpener: number;
  /** Reach of each group, by index. */
  private readonly reach: number[];

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
    const byLength = (words: Iterable<string>): string[] => [...words].sort((a, b) => b.length - a.length);
    this.literals = byLength(this.groupsOfLiteral.keys()).filter((l) => l.length > 0);
    // A literal with a non-ASCII character is anchored on the first one: it is looked for only
    // where the text has non-ASCII characters, if any (see findLiterals).
    this.literalAnchor = this.literals.map((l) => Math.max(0, l.search(/[^\x00-\x7f]/)));
    this.groupsOfLiteralIndex = this.literals.map((l) => this.groupsOfLiteral.get(l)!);
    this.literals.forEach((literal, l) => {
      const first = literal.charCodeAt(this.literalAnchor[l]!);
      if (first < 128) return;
      if (this.anchorChar[first] === 0) this.anchorChar[first] = this.literalsByAnchor.push([]);
      this.literalsByAnchor[this.anchorChar[first]! - 1]!.push(l);
    });
    for (const [word, list] of this.groupsOf) {
      if (!/^\w+$/.test(word)) throw new Error(`trigger word ${JSON.stringify(word)} must consist of word characters`);
      if (word !== word.toLowerCase()) continue; // the lookup lower-cases the text: such a word never matched
      const hash = wordHash(word, 0, word.length);
      const slot = hash & TABLE_MASK;
      this.entries.push({ word, hash, groups: list, next: this.slots[slot]! });
      this.slots[slot] = this.entries.length - 1;
    }
    this.wordRe = new RegExp(`\\b(?:${byLength(this.groupsOf.keys()).map(escapeRegExp).join('|')})\\b`, 'gi');
    // Openers are matched case-insensitively as whole words (`^[ \t]{0,40}(?:…)\b`, flags gim).
    for (const word of openerWords) if (!/^[A-Za-z]\w*$/.test(word)) throw new Error(`request opener ${JSON.stringify(word)} must be a letter and word characters`);
    for (const word of new Set(openerWords.map((w) => w.toLowerCase()))) {
      const hash = wordHash(word, 0, word.length);
      this.openers.set(hash, [...(this.openers.get(hash) ?? []), word]);
    }
    this.maxOpener = Math.max(0, ...openerWords.map((w) => w.length));
    this.reach = groups.map((group) => group.reach);
  }

  profile(text: string): TextProfile {
    const hits: number[][] = this.groups.map(() => []);
    // test() instead of exec(): no match object per hit. A match is a whole run of word
    // characters (every trigger word consists of them and the expression is bounded by \b), so
    // it starts where the run ending at lastIndex starts.
    const re = this.wordRe;
    re.lastIndex = 0;
    while (re.test(text)) {
      const end = re.lastIndex;
      let start = end - 1;
      while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
      const entry = this.lookup(text, start, end);
      if (entry) for (const g of entry.groups) addHit(hits[g]!, start, this.reach[g]!);
    }
    re.lastIndex = 0;
    const nonAscii = scanNonAscii(text, nonAsciiSegments(text));
    this.findLiterals(text, hits, nonAscii);
    const triggers = new Map(this.groups.map((group, g) => [group.name, hits[g]!]));
    const openerLines = this.findOpenerLines(text);
    const base64Runs = findBase64Runs(text);
    const whitespaceRuns = findWhitespaceRuns(text);
    // Only runs followed by more text are recorded: trailing blanks hide nothing.
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
    return { triggers, openerLines, base64Runs, hexRuns, whitespaceRuns, nonAscii };
  }

  /**
   * Literal hits exactly as one global alternation of them (longest first) would find them: left
   * to right, without overlap, the first literal in alternation order at each position.
   */
  private findLiterals(text: string, hits: number[][], nonAscii: NonAsciiScan): void {
    // Every occurrence of each literal (overlapping ones too), ascending per literal. A literal
    // anchored on a non-ASCII character can only occur around the segments (they hold every such
    // character): where they are a few stretches, only those are visited; where they cover much
    // of the text (a page of another script), native indexOf searches it instead of a loop.
    const occurrences: number[][] = this.literals.map(() => []);
    const segments = nonAscii.segments;
    let covered = 0;
    for (const [start, end] of segments) covered += end - start;
    const denseNonAscii = segments.length > 0 && covered * 4 > text.length - segments[0]![0];
    if (!denseNonAscii) {
      for (const [start, end] of segments) {
        for (let i = start; i < end; i++) {
          const slot = this.anchorChar[text.charCodeAt(i)]!;
          if (slot === 0) continue;
          for (const l of this.literalsByAnchor[slot - 1]!) {
            const at = i - this.literalAnchor[l]!;
            if (at >= 0 && occursAt(text, this.literals[l]!, at)) occurrences[l]!.push(at);
          }
        }
      }
    }
    this.literals.forEach((literal, l) => {
      let from = 0;
      if (literal.charCodeAt(this.literalAnchor[l]!) >= 128) {
        if (!denseNonAscii) return;
        from = Math.max(0, segments[0]![0] - this.literalAnchor[l]!);
      }
      const at = occurrences[l]!;
      for (let i = text.indexOf(literal, from); i >= 0; i = text.indexOf(literal, i + 1)) at.push(i);
    });
    const lists: number[][] = [];
    const ids: number[] = [];
    occurrences.forEach((at, l) => {
      if (at.length === 0) return;
      lists.push(at);
      ids.push(l);
    });
    if (lists.length === 0) return;
    // Literal hits per group, ascending (and thinned like every hit list, see addHit).
    const found: number[][] = this.groups.map(() => []);
    const record = (at: number, l: number): void => {
      for (const g of this.groupsOfLiteralIndex[l]!) addHit(found[g]!, at, this.reach[g]!);
    };
    let next = 0;
    if (lists.length === 1) {
      const literal = this.literals[ids[0]!]!;
      for (const at of lists[0]!) {
        if (at < next) continue;
        next = at + literal.length;
        record(at, ids[0]!);
      }
    } else {
      const heads = lists.map(() => 0);
      for (;;) {
        // The leftmost occurrence, the earlier literal in alternation order on a tie.
        let best = -1;
        for (let k = 0; k < lists.length; k++) {
          const list = lists[k]!;
          while (heads[k]! < list.length && list[heads[k]!]! < next) heads[k]!++;
          if (heads[k]! < list.length && (best < 0 || list[heads[k]!]! < lists[best]![heads[best]!]!)) best = k;
        }
        if (best < 0) break;
        const at = lists[best]![heads[best]!]!;
        const literal = this.literals[ids[best]!]!;
        next = at + literal.length;
        record(at, ids[best]!);
      }
    }
    found.forEach((literalHits, g) => {
      if (literalHits.length === 0) return;
      const words = hits[g]!;
      if (words.length === 0) {
        hits[g] = literalHits;
        return;
      }
      // Both lists ascend: merge them, thinning as addHit does.
      const merged: number[] = [];
      const reach = this.reach[g]!;
      for (let a = 0, b = 0; a < words.length || b < literalHits.length; ) {
        const takeWord = b >= literalHits.length || (a < words.length && words[a]! <= literalHits[b]!);
        addHit(merged, takeWord ? words[a++]! : literalHits[b++]!, reach);
      }
      hits[g] = merged;
    });
  }

  /** The trigger-word entry for text[start, end) compared case-insensitively (ASCII), or undefined. */
  private lookup(text: string, start: number, end: number): WordEntry | undefined {
    const hash = wordHash(text, start, end);
    for (let e = this.slots[hash & TABLE_MASK]!; e >= 0; ) {
      const entry = this.entries[e]!;
      if (entry.hash === hash && sameWord(text, start, end, entry.word)) return entry;
      e = entry.next;
    }
    return undefined;
  }

  /**
   * Offsets of lines whose first word (after at most 40 spaces or tabs) is an opener, as
   * `^[ \t]{0,40}(?:opener|…)\b` with flags gim finds them (a line starts at the text's start and
   * after \n, \r, U+2028 or U+2029).
   */
  private findOpenerLines(text: string): number[] {
    const out: number[] = [];
    const n = text.length;
    // Natively, only the lines whose first word starts with a letter (every opener does): a page
    // of blank or symbol lines costs one scan, not a step per line.
    const re = LINE_OPENING_WITH_LETTER;
    re.lastIndex = 0;
    while (re.test(text)) {
      const i = re.lastIndex - 1;
      let start = i;
      while (start > 0 && (text.charCodeAt(start - 1) === 32 || text.charCodeAt(start - 1) === 9)) start--;
      let end = i;
      while (end < n && end - i <= this.maxOpener && isWordChar(text.charCodeAt(end))) end++;
      if (end - i > this.maxOpener) continue;
      if (this.openers.get(wordHash(text, i, end))?.some((word) => sameWord(text, i, end, word))) out.push(start);
    }
    re.lastIndex = 0;
    return out;
  }
}

/**
 * A line start (the text's start, or after the line terminators that `^` with the m flag
 * recognises), at most 40 spaces or tabs, and an ASCII letter: where a request opener can begin.
 * Written without the m flag, which V8 scans more slowly.
 */
const LINE_OPENING_WITH_LETTER = /(?:^|[\n\r\u2028\u2029])[ \t]{0,40}[A-Za-z]/g;

/** Maximal runs of at least MIN_BASE64 base64 characters, found from probes every MIN_BASE64 characters. */
function findBase64Runs(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = text.length;
  let i = MIN_BASE64 - 1;
  while (i < n) {
    if (!isBase64(text.charCodeAt(i))) {
      i += MIN_BASE64;
      continue;
    }
    let start = i;
    while (start > 0 && isBase64(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && isBase64(text.charCodeAt(end))) end++;
    if (end - start >= MIN_BASE64) out.push([start, end]);
    // The character at `end` is not base64; a run after it holds a probe from end + MIN_BASE64 on.
    i = Math.max(i + MIN_BASE64, end + MIN_BASE64);
  }
  return out;
}

/**
 * Maximal blank runs followed by more text that hold at least PADDING_MIN_SPACES characters
 * (found from probes every PADDING_MIN_SPACES characters: such a run must contain one) or at
 * least PADDING_MIN_NEWLINES newlines (found from the newlines that end a blank line).
 */
function findWhitespaceRuns(text: string): WhitespaceRun[] {
  const n = text.length;
  const found = new Map<number, WhitespaceRun>();
  const consider = (i: number): number => {
    let start = i;
    while (start > 0 && isBlank(text.charCodeAt(start - 1))) start--;
    let end = start;
    let newlines = 0;
    while (end < n && isBlank(text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 10) newlines++;
      end++;
    }
    if (end < n && (end - start >= PADDING_MIN_SPACES || newlines >= PADDING_MIN_NEWLINES) && !found.has(start)) found.set(start, { start, end, newlines, longestLineRun: 0 });
    return end;
  };
  // A run of PADDING_MIN_SPACES through a probe holds the character `half` before or after it:
  // table padding and indentation fail that test without being walked.
  const half = PADDING_MIN_SPACES >> 1;
  for (let i = PADDING_MIN_SPACES - 1; i < n; ) {
    const reachable = isBlank(text.charCodeAt(i)) && ((i >= half && isBlank(text.charCodeAt(i - half))) || (i + half < n && isBlank(text.charCodeAt(i + half))));
    if (!reachable) {
      i += PADDING_MIN_SPACES;
      continue;
    }
    i = Math.max(i + PADDING_MIN_SPACES, consider(i) + PADDING_MIN_SPACES);
  }
  let after = 0;
  // Newlines inside a run already recorded are skipped over, not visited one by one.
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', Math.max(at + 1, after))) {
    if (at < after) continue;
    // Only a newline that ends a blank line can belong to a run of many newlines: the next
    // newline follows after nothing but blanks (indentation alone ends at a non-blank character).
    let next = at + 1;
    while (next < n && isBlank(text.charCodeAt(next)) && text.charCodeAt(next) !== 10) next++;
    if (next >= n || text.charCodeAt(next) !== 10) continue;
    after = consider(at);
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** Merged [start, end) windows around trigger positions, widened to line or word boundaries. */
export function windows(text: string, positions: readonly number[], reach: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // The last line feed before each window start, found with native indexOf moving forward only:
  // many windows close together (an attacker's trigger words without line breaks) stay linear.
  let lastFeed = -1;
  let nextFeed = text.indexOf('\n');
  const lineStart = (index: number): number => {
    const floor = Math.max(0, index - 200);
    // Line feeds before the floor do not matter: skip them in one call rather than one by one.
    if (nextFeed >= 0 && nextFeed < floor) nextFeed = text.indexOf('\n', floor);
    while (nextFeed >= 0 && nextFeed < index) {
      lastFeed = nextFeed;
      nextFeed = text.indexOf('\n', nextFeed + 1);
    }
    return lastFeed >= floor ? lastFeed + 1 : floor;
  };
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
      const line = lineStart(start);
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
