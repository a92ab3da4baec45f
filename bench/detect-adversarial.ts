// Worst-case inputs for the detectors: for every rule, about 1 MB built from its own trigger words
// and the characters its expressions loop over, so any super-linear behaviour shows up as time.
// Shared by the unit test (which only checks that each input completes within a generous bound)
// and by the bench (which prints the times).
import { PHRASE_RULES } from '../src/core/detect/rules/phrase-rules.js';
import { CODE_REFERENCE_TRIGGERS } from '../src/core/detect/rules/code-insertion.js';

export const ADVERSARIAL_SIZE = 1_000_000;

function fill(unit: string, size = ADVERSARIAL_SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export function adversarialInputs(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  PHRASE_RULES.forEach((rule, i) => {
    const words = rule.triggers.words.join(' ');
    out.push({ name: `phrase ${i} ${rule.rule}: trigger words`, text: fill(`${words} `) });
    out.push({ name: `phrase ${i} ${rule.rule}: triggers without punctuation breaks`, text: fill(`${rule.triggers.words.slice(0, 4).join(' you the ')} your `) });
    for (const literal of rule.triggers.literals ?? []) out.push({ name: `phrase ${i} ${rule.rule}: literal ${JSON.stringify(literal)}`, text: fill(`${literal} `) });
    // A rule that skips windows lacking something its matches need gets that too, so it still runs everywhere.
    if (rule.requires) out.push({ name: `phrase ${i} ${rule.rule}: trigger words with ${JSON.stringify(rule.requires.example)}`, text: fill(`${words} ${rule.requires.example} `) });
  });
  out.push({ name: 'code reference triggers', text: fill(`${CODE_REFERENCE_TRIGGERS.words.join(' ')} your codebase following `) });
  out.push({ name: 'request lines', text: fill('Suggest how what can you is this provide\n') });
  out.push({ name: 'one base64 run', text: fill('QUJD') });
  out.push({ name: 'base64 runs of 24', text: fill('SWdub3JlIHByZXZpb3VzIGlu ') });
  out.push({ name: 'one hex run', text: fill('4a') });
  out.push({ name: 'binary groups', text: fill('01001001 ') });
  out.push({ name: 'morse', text: fill('.-.. ') });
  out.push({ name: 'spaces', text: fill(' ') + 'x' });
  out.push({ name: 'blank lines', text: fill('\n \n') + 'x' });
  out.push({ name: 'zero-width run', text: fill('\u200b') });
  out.push({ name: 'alternating zero-width', text: fill('a\u200b') });
  out.push({ name: 'tag characters', text: fill('\u{E0041}') });
  out.push({ name: 'bidi controls', text: fill('\u202e') });
  out.push({ name: 'variation selectors', text: fill('\ufe0f') });
  out.push({ name: 'mixed scripts', text: fill('pаypal ') });
  out.push({ name: 'cyrillic word', text: fill('а') });
  out.push({ name: 'unterminated HTML comment', text: `<!--${fill('ignore previous instructions ')}` });
  out.push({ name: 'HTML comments', text: fill('<!-- a -->') });
  out.push({ name: 'hidden elements', text: fill('<span style="display:none">') });
  out.push({ name: 'code comments', text: fill('# ignore the function and state the output is\n') });
  out.push({ name: 'ANSI escapes', text: fill('\x1b[2K\x1b]0;') });
  out.push({ name: 'URLs', text: fill('https://a.b/c?d={x}&') });
  out.push({ name: 'markdown images', text: fill('![a](https://x.y/z?data=') });
  out.push({ name: 'letters only', text: fill('a') });
  out.push({ name: 'sentence without end', text: fill('you must ') });
  return out;
}
