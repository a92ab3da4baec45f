// Features of one text segment for the linear classifier: hashed word unigrams and bigrams (with a
// start-of-segment marker, so "<s> provide" captures an imperative opening) and a few shape cues.
// Hashing keeps the model a flat array of weights with no vocabulary to ship.

export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;
const MAX_TOKENS = 200;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TOKEN = /[\p{L}\p{M}]{1,40}|\d{1,40}|[?!:`]/gu;

export function tokens(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null && out.length < MAX_TOKENS) {
    const t = m[0];
    out.push(/^\d/.test(t) ? '0' : t.toLowerCase());
  }
  return out;
}

/** Distinct feature indices of a segment. */
export function featureIndices(text: string): number[] {
  const toks = tokens(text);
  const set = new Set<number>();
  let prev = '<s>';
  for (const t of toks) {
    set.add(fnv1a(`u:${t}`) & MASK);
    set.add(fnv1a(`b:${prev} ${t}`) & MASK);
    prev = t;
  }
  set.add(fnv1a(`b:${prev} </s>`) & MASK);
  // Shape: how long, and whether it is mostly letters (prose) or symbols (code, tables).
  const lengthBucket = toks.length < 4 ? 'xs' : toks.length < 10 ? 's' : toks.length < 25 ? 'm' : 'l';
  set.add(fnv1a(`len:${lengthBucket}`) & MASK);
  return [...set];
}

/**
 * Whether a segment is prose (words and spaces) rather than code, a table row or markup. The
 * classifier only learns from and scores prose: code and tables are covered by the rules, and
 * scoring them would mostly add false positives.
 */
export function isProse(segment: string): boolean {
  if (segment.length < 12) return false;
  let letters = 0;
  let spaces = 0;
  let symbols = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) letters++;
    else if (c === 32) spaces++;
    else if ('{}[]<>=;|`#$\\_/'.includes(segment[i]!)) symbols++;
  }
  return (letters + spaces) / segment.length > 0.8 && symbols <= 2 && spaces >= 3;
}
