// ANSI / OSC terminal escapes: they can hide text in a terminal (conceal, cursor moves, line erase),
// rewrite the window title or, with OSC 52, write the clipboard.
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matches } from '../text-tools.js';

// CSI: ESC [ params final; OSC: ESC ] ... BEL or ESC \ (bounded so an unterminated one stays linear).
const CSI = /\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]/g;
const OSC = /\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?/g;
const OTHER_ESC = /\x1b[^[\]]/g;
const COLOR_ONLY = /^\x1b\[[0-9;]{0,32}m$/;

export function detectTerminalEscapes(target: ScanTarget, kind: TextKind): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (!text.includes('\x1b')) return out;
  for (const m of matches(CSI, text)) {
    if (out.length >= 60) break;
    const colour = COLOR_ONLY.test(m[0]) && !/(?:^|;)8(?:;|m)/.test(m[0].slice(2));
    if (colour && kind === 'response') continue; // coloured tool output is ordinary
    const severity = colour ? 'low' : kind === 'description' ? 'high' : 'medium';
    out.push(finding('terminal-escape', severity, colour ? 'ANSI colour escape in a tool definition' : 'ANSI control sequence that can hide or overwrite text in a terminal', path, m.index, m.index + m[0].length));
  }
  for (const m of matches(OSC, text)) {
    if (out.length >= 60) break;
    const clipboard = m[0].startsWith('\x1b]52;');
    out.push(finding('terminal-escape', clipboard || kind === 'description' ? 'high' : 'medium', clipboard ? 'OSC 52 escape that writes the clipboard' : 'OSC terminal escape (title, hyperlink or other control)', path, m.index, m.index + m[0].length));
  }
  for (const m of matches(OTHER_ESC, text)) {
    if (out.length >= 60) break;
    out.push(finding('terminal-escape', kind === 'description' ? 'medium' : 'low', 'Terminal escape character', path, m.index, m.index + m[0].length));
  }
  return out;
}
