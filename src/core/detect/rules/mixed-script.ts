// Homoglyph names: identifiers mixing Latin with Cyrillic or Greek look-alikes ("раypal", "rеad_file").
import { finding, type DetectFinding, type ScanTarget } from '../finding.js';
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
/** Part of a word: ASCII letters, digits, _ and -, or anything non-ASCII that is not a space or punctuation. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
  return c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) && c !== 0x3000 && !(c >= 0x3001 && c <= 0x303f);
}
// Where to look: letters of the confusable scripts and look-alike forms; words around them are checked.
const SUSPECT = /[\u0370-\u03FF\u0400-\u052F\u0530-\u058F\u13A0-\u13FF\uFF01-\uFF5E]|\uD835[\uDC00-\uDFFF]/g;

/** Scripts mixed inside one word; names and prose words alike (a prose word mixing scripts is a homoglyph trick too). */
export function detectMixedScript(target: ScanTarget, profile: TextProfile): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (profile.firstConfusable < 0) return out;
  SUSPECT.lastIndex = profile.firstConfusable;
  let hit: RegExpExecArray | null;
  let checkedUpTo = -1;
  while ((hit = SUSPECT.exec(text)) !== null && out.length < 20) {
    if (hit.index < checkedUpTo) continue;
    // Expand to the whole word around the suspect character (bounded, so long runs stay linear).
    let start = hit.index;
    let end = hit.index + hit[0].length;
    while (start > 0 && hit.index - start < 100 && isWordChar(text.charCodeAt(start - 1))) start--;
    while (end < text.length && end - hit.index < 100 && isWordChar(text.charCodeAt(end))) end++;
    checkedUpTo = end;
    SUSPECT.lastIndex = end;
    const original = text.slice(start, end);
    // The micro sign and Greek mu are units ("15μs"), not look-alikes.
    const word = original.replace(/[\u00B5\u03BC]/g, '');
    const lookalike = LOOKALIKE_FORMS.test(word) && target.role === 'name';
    const mixed = LATIN.test(word) ? CONFUSABLE_SCRIPTS.find(([, re]) => re.test(word)) : undefined;
    if (!mixed && !lookalike) continue;
    const severity = target.role === 'name' ? 'high' : 'low';
    const what = mixed ? `mixes Latin with ${mixed[0]} letters` : 'uses full-width or mathematical look-alike letters';
    out.push(finding('mixed-script-name', severity, `${JSON.stringify(original)} ${what} that look the same`, path, start, end));
  }
  return out;
}
