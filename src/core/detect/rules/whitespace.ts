// Long runs of blank space that push text out of view in a UI that shows only the start of a description.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { PADDING_MIN_NEWLINES as MIN_NEWLINES, PADDING_MIN_SPACES as MIN_SPACES, type TextProfile } from '../text-profile.js';

export function detectWhitespacePadding(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
  const out: DetectFinding[] = [];
  // Responses are read by the model, not scanned by eye, and tables pad heavily: only extreme runs count there.
  const scale = kind === 'response' ? 10 : 1;
  for (const run of profile.whitespaceRuns) {
    // The profile only records runs followed by more text: trailing blanks hide nothing.
    if (run.longestLineRun < MIN_SPACES * scale && run.newlines < MIN_NEWLINES * scale) continue;
    const severity = kind === 'description' ? 'medium' : 'low';
    const what = run.newlines >= MIN_NEWLINES * scale ? `${run.newlines} blank lines` : `${run.longestLineRun} spaces`;
    out.push(finding('whitespace-padding', severity, `${what} push the text that follows out of view`, target.path, run.start, run.end));
  }
  return out;
}
