// Homoglyph names: identifiers mixing Latin with Cyrillic or Greek look-alikes ("раypal", "rеad_file").
import { finding, type DetectFinding, type ScanTarget } from '../finding.js';

const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPTS: Array<[string, RegExp]> = [
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];
// Fullwidth Latin and mathematical alphanumerics render like ASCII letters.
const LOOKALIKE_FORMS = /[\uFF01-\uFF5E\u{1D400}-\u{1D7FF}]/u;
const WORD = /[\p{L}\p{N}_\uFF01-\uFF5E\u{1D400}-\u{1D7FF}-]{1,200}/gu;

/** Scripts mixed inside one word; names and prose words alike (a prose word mixing scripts is a homoglyph trick too). */
export function detectMixedScript(target: ScanTarget): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (!/[^\x00-\x7f]/.test(text)) return out;
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    // The micro sign and Greek mu are units ("15μs"), not look-alikes.
    const word = m[0].replace(/[\u00B5\u03BC]/g, '');
    if (!/[^\x00-\x7f]/.test(word)) continue;
    const lookalike = LOOKALIKE_FORMS.test(word) && target.role === 'name';
    const mixed = LATIN.test(word) ? CONFUSABLE_SCRIPTS.find(([, re]) => re.test(word)) : undefined;
    if (!mixed && !lookalike) continue;
    const severity = target.role === 'name' ? 'high' : 'low';
    const what = mixed ? `mixes Latin with ${mixed[0]} letters` : 'uses full-width or mathematical look-alike letters';
    out.push(finding('mixed-script-name', severity, `${JSON.stringify(m[0])} ${what} that look the same`, path, m.index, m.index + m[0].length));
  }
  return out;
}
