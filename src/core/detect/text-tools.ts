// Small text helpers shared by the rules. All are single passes over the text (no regex backtracking).

export interface Segment {
  start: number;
  end: number;
}

const MAX_SEGMENT = 2000;

/**
 * Splits a text into sentence-like segments: a new segment starts after a newline, and after
 * `.`, `!` or `?` followed by white space. Segments longer than MAX_SEGMENT characters are cut so
 * that per-segment work stays bounded on pathological input.
 */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    while (s < end && isSpace(text.charCodeAt(s))) s++;
    let e = end;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) push(i + 1);
    else if ((c === 46 || c === 33 || c === 63) && i + 1 < text.length && isSpace(text.charCodeAt(i + 1))) push(i + 1);
    else if (i + 1 - start >= MAX_SEGMENT) push(i + 1);
  }
  push(text.length);
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

/** The start of the segment (sentence or line) that contains `index`, looking back at most `limit` characters. */
export function sentenceStart(text: string, index: number, limit = 200): number {
  const floor = Math.max(0, index - limit);
  for (let i = index - 1; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
    if ((c === 46 || c === 33 || c === 63) && i + 1 < text.length && isSpace(text.charCodeAt(i + 1))) return i + 1;
  }
  return floor;
}

/** The end of the segment (sentence or line) that contains `index`, looking ahead at most `limit` characters. */
export function sentenceEnd(text: string, index: number, limit = 200): number {
  const ceiling = Math.min(text.length, index + limit);
  for (let i = index; i < ceiling; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    if ((c === 46 || c === 33 || c === 63) && (i + 1 >= text.length || isSpace(text.charCodeAt(i + 1)))) return i + 1;
  }
  return ceiling;
}

const NEGATION = /\b(?:never|not|no|none|nor|without|cannot|can't|won't|don't|doesn't|isn't|aren't|shouldn't|mustn't|neither|avoid|avoids|prevent|prevents|refuse|refuses|blocks?|denies|deny|excluded?|except)\b/i;

/**
 * True when the words just before `index` in the same sentence negate what follows, so
 * "this tool never reads ~/.ssh" does not count as an instruction to read ~/.ssh.
 */
export function negatedBefore(text: string, index: number, window = 60): boolean {
  const from = Math.max(sentenceStart(text, index, window), index - window);
  return NEGATION.test(text.slice(from, index));
}

/** A short, single-line quote of a span for messages. */
export function quote(text: string, start: number, end: number, max = 80): string {
  let s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return JSON.stringify(s);
}

/** Runs a global regex over the text and yields each match; the regex must have the g flag. */
export function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

/** Start of the line holding `index`, looking back at most `limit` characters (then index − limit). */
export function lineStartWithin(text: string, index: number, limit: number): number {
  const floor = Math.max(0, index - limit);
  for (let i = index - 1; i >= floor; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return floor;
}

/** End of the line holding `index` (the newline's offset), looking ahead at most `limit` characters. */
export function lineEndWithin(text: string, index: number, limit: number): number {
  const ceiling = Math.min(text.length, index + limit);
  for (let i = index; i < ceiling; i++) if (text.charCodeAt(i) === 10) return i;
  return ceiling;
}
