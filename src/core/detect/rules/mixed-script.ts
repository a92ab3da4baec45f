// Homoglyph names: identifiers mixing Latin with Cyrillic or Greek look-alikes ("раypal", "rеad_file").
import { finding, type DetectFinding, type ScanTarget } from '../finding.js';
import { confusableLength } from '../non-ascii.js';
import type { TextProfile } from '../text-profile.js';

const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPTS: Array<[string, RegExp]> = [
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];
// Fullwidth Latin and mathematical alphanumerics render like ASCII letters.
const LOOKALIKE_FORMS = /[\uFF01-\uFF5E\u{1D400}-\u{1D7FF}]/u;
/** Any character for which mayHoldLatin is true (ASCII letters, non-ASCII outside U+0370–U+1CFF). */
const MAYBE_LATIN = /[A-Za-z\u0080-\u036F\u1D00-\uFFFF]/g;
/** Part of a word: ASCII letters, digits, _ and -, or anything non-ASCII that is not a space or punctuation. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
  return c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000 && !(c >= 0x3001 && c <= 0x303f);
}

/** Scripts mixed inside one word; names and prose words alike (a prose word mixing scripts is a homoglyph trick too). */
export function detectMixedScript(target: ScanTarget, profile: TextProfile): DetectFinding[] {
  const { text } = target;
  const out: DetectFinding[] = [];
  const first = profile.nonAscii.firstConfusable;
  if (first < 0) return out;
  // Outside names a word needs a Latin letter to mix scripts, and every word checked starts at
  // most 100 characters before its suspect letter: a page of one script is done in one native scan.
  if (target.role !== 'name' && !hasFrom(MAYBE_LATIN, text, Math.max(0, first - 100))) return out;
  let checkedUpTo = first;
  // Where to look: letters of the confusable scripts and look-alike forms (non-ascii.ts), all
  // inside the non-ASCII segments; the word around each is checked.
  for (const [segmentStart, segmentEnd] of profile.nonAscii.segments) {
    if (out.length >= 20) break;
    for (let at = Math.max(segmentStart, checkedUpTo); at < segmentEnd && out.length < 20; at++) {
      const length = confusableLength(text, at);
      if (length === 0) continue;
      const end = checkWord(target, at, length, out);
      checkedUpTo = end;
      at = end - 1;
    }
  }
  return out;
}

function hasFrom(re: RegExp, text: string, from: number): boolean {
  re.lastIndex = from;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/**
 * False only when text[start, end) certainly has no Latin-script letter: every character is an
 * ASCII non-letter or lies in U+0370–U+1CFF (Greek to Cyrillic Extended-C, no Latin among them).
 */
function mayHoldLatin(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? (c | 32) >= 97 && (c | 32) <= 122 : c < 0x370 || c >= 0x1d00) return true;
  }
  return false;
}

/** Checks the word around the suspect character at `at` and records a finding when it mixes scripts; returns where the word ends. */
function checkWord(target: ScanTarget, at: number, length: number, out: DetectFinding[]): number {
  const { text, path } = target;
  // Expand to the whole word around the suspect character (bounded, so long runs stay linear).
  let start = at;
  let end = at + length;
  while (start > 0 && at - start < 100 && isWordChar(text.charCodeAt(start - 1))) start--;
  while (end < text.length && end - at < 100 && isWordChar(text.charCodeAt(end))) end++;
  // Mixing needs a Latin letter; look-alike forms count in names only. A prose word without
  // anything that could be Latin (a page of Cyrillic) is done without building strings.
  if (target.role !== 'name' && !mayHoldLatin(text, start, end)) return end;
  const original = text.slice(start, end);
  // The micro sign and Greek mu are units ("15μs"), not look-alikes.
  const word = original.replace(/[\u00B5\u03BC]/g, '');
  const lookalike = LOOKALIKE_FORMS.test(word) && target.role === 'name';
  const mixed = LATIN.test(word) ? CONFUSABLE_SCRIPTS.find(([, re]) => re.test(word)) : undefined;
  if (!mixed && !lookalike) return end;
  const severity = target.role === 'name' ? 'high' : 'low';
  const what = mixed ? `mixes Latin with ${mixed[0]} letters` : 'uses full-width or mathematical look-alike letters';
  out.push(finding('mixed-script-name', severity, `${JSON.stringify(original)} ${what} that look the same`, path, start, end));
  return end;
}
