// Channels that carry data out without the model "sending" anything: URLs with data placeholders
// (the model fills them in) and markdown images (the client fetches them when rendering).
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matches, quote } from '../text-tools.js';

const PLACEHOLDER_URL =
  /https?:\/\/[^\s"'<>)\]]{1,300}?[?&/=](?:\{\{?[^}\s]{1,60}\}\}?|\$\{[^}\s]{1,60}\}|\$[A-Za-z_]\w{0,40}|<[A-Za-z_][^>\s]{0,60}>|%s|\[(?:[A-Z_]{2,40}|data|secret|conversation|history|context)\])/g;
// Sticky: tried only where a "![" is (found with indexOf), not at every character.
const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\(\s{0,3}(https?:\/\/[^)\s[\]]{1,400})\s{0,3}\)/y;
const DATA_PARAM = /[?&](?:q|d|data|text|msg|message|content|payload|info|conversation|history|context|secret|token|key|prompt|chat|log|c)=/i;

export function detectExfilChannels(target: ScanTarget, kind: TextKind): DetectFinding[] {
  const { text, path } = target;
  const out: DetectFinding[] = [];
  if (!text.includes('://')) return out;
  for (const m of matches(PLACEHOLDER_URL, text)) {
    if (out.length >= 20) break;
    out.push(finding('exfiltration-url', kind === 'description' ? 'high' : 'low', `URL with a placeholder for the model to fill with data: ${quote(text, m.index, m.index + m[0].length)}`, path, m.index, m.index + m[0].length));
  }
  for (let at = text.indexOf('!['); at >= 0 && out.length < 40; at = text.indexOf('![', at + 1)) {
    MARKDOWN_IMAGE.lastIndex = at;
    const m = MARKDOWN_IMAGE.exec(text);
    if (!m) continue;
    // Matches do not overlap: the next one starts after this one, as a global scan would find it.
    at = m.index + m[0].length - 1;
    const url = m[1] ?? '';
    if (!url.includes('?')) continue;
    // Badges and thumbnails carry short style parameters; a data channel carries a named data
    // parameter, a placeholder, or a long value.
    const placeholder = /[{}$<]/.test(url);
    // URL-encoded text or base64 of some length (chart and badge parameters have , | : in them).
    const longValue = /=[A-Za-z0-9%+_.~-]{60,}/.test(url);
    const imageFile = /\.(?:svg|png|gif|jpe?g|webp)\?/i.test(url);
    if (!placeholder && !longValue && (imageFile || !DATA_PARAM.test(url))) continue;
    const severity = placeholder || (DATA_PARAM.test(url) && longValue) ? 'high' : 'medium';
    out.push(finding('markdown-image-exfiltration', severity, `Markdown image with query parameters: rendering it sends them to ${quote(url.split('?')[0] ?? url, 0, 60)}`, path, m.index, m.index + m[0].length));
  }
  return out;
}
