// Where the non-ASCII characters of a text are, found with one native scan, and which of them
// the detectors care about (invisible and format characters, look-alike letters). Ordinary text
// is almost all ASCII, so the rules that look for such characters then visit a few stretches
// instead of running their own expressions over the whole text.

/** Stretches [start, end) that hold every non-ASCII character of the text (ASCII may lie between), ascending. */
export type Segments = Array<[number, number]>;

export interface NonAsciiScan {
  segments: Segments;
  /** Merged windows, two characters either side, around every invisible or format character (see invisibleLength). */
  invisibleWindows: Array<[number, number]>;
  /** Offset of the first letter with Latin look-alikes (see confusableLength), or −1. */
  firstConfusable: number;
}

const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
/** Runs closer than this are one segment: fewer, longer stretches to visit. */
const MERGE_GAP = 16;
/**
 * After this many runs (at least one per 64 characters) the rest of the text becomes one
 * segment: text where ASCII and other characters alternate densely is visited character by
 * character, which then costs less than one match per run.
 */
function maxRuns(length: number): number {
  return Math.max(4096, length >> 6);
}

export function nonAsciiSegments(text: string): Segments {
  const out: Segments = [];
  NON_ASCII_RUN.lastIndex = 0;
  let runs = 0;
  const limit = maxRuns(text.length);
  let m: RegExpExecArray | null;
  while ((m = NON_ASCII_RUN.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const last = out[out.length - 1];
    if (++runs > limit) {
      if (last && start - last[1] < MERGE_GAP) last[1] = text.length;
      else out.push([start, text.length]);
      break;
    }
    if (last && start - last[1] < MERGE_GAP) last[1] = end;
    else out.push([start, end]);
  }
  NON_ASCII_RUN.lastIndex = 0;
  return out;
}

// Bits per BMP code unit.
const INVISIBLE = 1;
const CONFUSABLE = 2;
/** High surrogates of supplementary invisible characters (tags, selectors, musical and other format characters). */
const INVISIBLE_HIGH = 8;
/** High surrogate of the mathematical alphanumerics U+1D400–1D7FF. */
const CONFUSABLE_HIGH = 16;
const CLASS = new Uint8Array(0x10000);
function mark(from: number, to: number, bit: number): void {
  for (let c = from; c <= to; c++) CLASS[c]! |= bit;
}
// Zero-width, bidi, variation-selector and other format characters (the rules in rules/invisible.ts).
for (const [from, to] of [[0xad, 0xad], [0x600, 0x605], [0x61c, 0x61c], [0x6dd, 0x6dd], [0x70f, 0x70f], [0x8e2, 0x8e2], [0x180e, 0x180e], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xfff9, 0xfffb]] as const) mark(from, to, INVISIBLE);
for (const high of [0xdb40, 0xd834, 0xd804, 0xd80d]) CLASS[high]! |= INVISIBLE_HIGH;
// Greek, Cyrillic, Armenian, Cherokee and full-width forms (the rule in rules/mixed-script.ts).
mark(0x370, 0x58f, CONFUSABLE);
mark(0x13a0, 0x13ff, CONFUSABLE);
mark(0xff01, 0xff5e, CONFUSABLE);
CLASS[0xd835]! |= CONFUSABLE_HIGH;

/** A run of the characters invisibleLength accepts, matched where one starts (sticky). */
const INVISIBLE_RUN =
  /(?:[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]|\uD834[\uDD73-\uDD7A]|\uD804\uDCBD|\uD80D[\uDC30-\uDC3F]){1,100000}/y;

/** Supplementary invisible characters by their surrogate pair: tags and selectors U+E0000–E01EF, U+1D173–1D17A, U+110BD, U+13430–1343F. */
function invisibleLow(high: number, low: number): boolean {
  if (high === 0xdb40) return low >= 0xdc00 && low <= 0xddef;
  if (high === 0xd834) return low >= 0xdd73 && low <= 0xdd7a;
  if (high === 0xd804) return low === 0xdcbd;
  return low >= 0xdc30 && low <= 0xdc3f; // 0xd80d
}

/** Length (1 or 2 code units) of the invisible or format character at i, or 0. */
export function invisibleLength(text: string, i: number): number {
  const bits = CLASS[text.charCodeAt(i)]!;
  if (bits & INVISIBLE) return 1;
  if (bits & INVISIBLE_HIGH && invisibleLow(text.charCodeAt(i), text.charCodeAt(i + 1))) return 2;
  return 0;
}

/** Length (1 or 2 code units) of the letter with Latin look-alikes at i, or 0. */
export function confusableLength(text: string, i: number): number {
  const bits = CLASS[text.charCodeAt(i)]!;
  if (bits & CONFUSABLE) return 1;
  if (bits & CONFUSABLE_HIGH) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 0;
}

/** Where invisibleLength is non-zero. */
const INVISIBLE_CHAR =
  /[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDDEF]|\uD834[\uDD73-\uDD7A]|\uD804\uDCBD|\uD80D[\uDC30-\uDC3F]/g;
/** Where confusableLength is non-zero. */
const CONFUSABLE_CHAR = /[\u0370-\u058F\u13A0-\u13FF\uFF01-\uFF5E]|\uD835[\uDC00-\uDFFF]/g;

/**
 * Start of a match of INVISIBLE_CHAR or CONFUSABLE_CHAR that ends at `end`: their
 * single characters are no surrogates, so a match ending in a low surrogate is a pair.
 */
function matchStart(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  return last >= 0xdc00 && last <= 0xdfff ? end - 2 : end - 1;
}

/**
 * Invisible windows and the first look-alike letter. Every character they concern is non-ASCII,
 * so only the segments are searched, each natively: a page of another script (or of invisible
 * characters) costs no JavaScript loop per character, and ordinary text only its few stretches.
 * A surrogate pair and a run of invisible characters never span two segments (all non-ASCII).
 */
export function scanNonAscii(text: string, segments: Segments): NonAsciiScan {
  const invisibleWindows: Array<[number, number]> = [];
  let firstConfusable = -1;
  for (const [start, end] of segments) {
    const segment = text.slice(start, end);
    if (firstConfusable < 0) {
      CONFUSABLE_CHAR.lastIndex = 0;
      if (CONFUSABLE_CHAR.test(segment)) firstConfusable = start + matchStart(segment, CONFUSABLE_CHAR.lastIndex);
    }
    const re = INVISIBLE_CHAR;
    re.lastIndex = 0;
    while (re.test(segment)) {
      const i = start + matchStart(segment, re.lastIndex);
      let runEnd = start + re.lastIndex;
      // The whole run of such characters at once, natively (an attacker's run can be long); a
      // single one, the usual case, needs no second search.
      if (runEnd < end && invisibleLength(text, runEnd) > 0) {
        INVISIBLE_RUN.lastIndex = i;
        INVISIBLE_RUN.test(text);
        runEnd = INVISIBLE_RUN.lastIndex;
      }
      const from = Math.max(0, i - 2);
      const to = Math.min(text.length, runEnd + 2);
      const last = invisibleWindows[invisibleWindows.length - 1];
      if (last && from <= last[1]) last[1] = to;
      else invisibleWindows.push([from, to]);
      re.lastIndex = runEnd - start;
    }
  }
  CONFUSABLE_CHAR.lastIndex = 0;
  INVISIBLE_CHAR.lastIndex = 0;
  return { segments, invisibleWindows, firstConfusable };
}
