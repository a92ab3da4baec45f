// Long runs of blank space that push text out of view in a UI that shows only the start of a description.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';

const MIN_SPACES = 120;
const MIN_NEWLINES = 12;

export function detectWhitespacePadding(target: ScanTarget, kind: TextKind): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0 && c !== 0x3000) {
      i++;
      continue;
    }
    const start = i;
    let newlines = 0;
    let longestLineRun = 0;
    let lineRun = 0;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 10) {
        newlines++;
        lineRun = 0;
      } else if (d === 32 || d === 9 || d === 0xa0 || d === 0x3000) {
        lineRun++;
        if (lineRun > longestLineRun) longestLineRun = lineRun;
      } else if (d !== 13) break;
      i++;
    }
    // Only padding followed by more text hides something; trailing blanks hide nothing.
    // Responses are read by the model, not scanned by eye, and tables pad heavily: only extreme runs count there.
    const scale = kind === 'response' ? 10 : 1;
    if (i < text.length && (longestLineRun >= MIN_SPACES * scale || newlines >= MIN_NEWLINES * scale)) {
      const severity = kind === 'description' ? 'medium' : 'low';
      const what = newlines >= MIN_NEWLINES ? `${newlines} blank lines` : `${longestLineRun} spaces`;
      out.push(finding('whitespace-padding', severity, `${what} push the text that follows out of view`, path, start, i));
    }
  }
  return out;
}
