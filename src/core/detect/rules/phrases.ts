// Runs the phrase rules over one string.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matchesInWindows, windows, type TextProfile } from '../text-profile.js';
import { negatedBefore, quote } from '../text-tools.js';
import { PHRASE_RULES } from './phrase-rules.js';

/** Trigger group name of the phrase rule at index i (see detect/profiler.ts). */
export const phraseGroupName = (i: number): string => `phrase:${i}`;

export function detectPhrases(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  PHRASE_RULES.forEach((rule, r) => {
    const severity = rule.severity[kind];
    const at = profile.triggers.get(phraseGroupName(r)) ?? [];
    if (!severity || at.length === 0) return;
    let wins = windows(text, at, rule.triggers.reach);
    const requires = rule.requires;
    if (requires) wins = wins.filter(([start, end]) => requires.re.test(text.slice(start, end)));
    for (const m of matchesInWindows(rule.re, text, wins)) {
      const start = m.index;
      const end = start + m.text.length;
      if (rule.negatable && negatedBefore(text, start)) continue;
      out.push(finding(rule.rule, severity, `${rule.message}: ${quote(text, start, end)}`, path, start, end));
    }
  });
  return out;
}

/** True when a string contains any high-signal instruction phrase; used on decoded and hidden text. */
export function looksLikeInstruction(text: string): boolean {
  for (const rule of PHRASE_RULES) {
    if (rule.rule === 'exfiltration-url' || rule.rule === 'parameter-tampering') continue;
    rule.re.lastIndex = 0;
    const m = rule.re.exec(text);
    rule.re.lastIndex = 0;
    if (m && !(rule.negatable && negatedBefore(text, m.index))) return true;
  }
  return ADDRESSED_TO_READER.test(text);
}

// Imperatives and second-person address that data (a comment, an encoded blob) has no reason to contain.
const ADDRESSED_TO_READER =
  /\b(?:you must|you are now|your (?:task|job|response|answer|account)|follow this link|print the following|(?:say|state|declare)\s{0,3}:|pretend|act as)\b/i;
