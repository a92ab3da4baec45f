// The one TextProfiler shared by all detectors: trigger groups of the phrase rules and of the
// code-insertion rule, and the words that open a request line.
import { PHRASE_RULES } from './rules/phrase-rules.js';
import { phraseGroupName } from './rules/phrases.js';
import { CODE_REFERENCE_TRIGGERS } from './rules/code-insertion.js';
import { REQUEST_OPENERS } from './rules/out-of-place-request.js';
import { TextProfiler, type TextProfile } from './text-profile.js';

const PROFILER = new TextProfiler(
  [...PHRASE_RULES.map((rule, i) => ({ name: phraseGroupName(i), ...rule.triggers })), CODE_REFERENCE_TRIGGERS],
  REQUEST_OPENERS,
);

export function profileText(text: string): TextProfile {
  return PROFILER.profile(text);
}
