// Whether Warden's injection detection will still withhold a pending definition once the pins
// approve it. Approval only changes the pins; the proxy's detector judges every list result on its
// own account (docs/pinning.md, "Approval and detection"), so the review UI must say when an
// approval will not bring the item back. The answer comes from the proxy's own DetectPolicy, run
// on a one-item list result with the settings file the proxies read, so the two cannot disagree.
import type { PendingReview, PinFile } from '../core/pins/pin-store.js';
import { DetectPolicy } from '../core/proxy/detect-policy.js';
import { detectionSettingsPath, readDetectionSettings, type DetectionSettings } from '../core/proxy/detection-settings.js';
import { parseLine } from '../core/protocol/jsonrpc.js';

export interface DetectionHold {
  /** Rule ids of the findings that withhold the item, e.g. `hidden-tag-characters`. */
  rules: string[];
}

/** The list request whose result would carry an item of this kind (instructions are not scanned as a list). */
const LIST_OF: Partial<Record<PendingReview['kind'], { method: string; key: string }>> = {
  tool: { method: 'tools/list', key: 'tools' },
  prompt: { method: 'prompts/list', key: 'prompts' },
  resource: { method: 'resources/list', key: 'resources' },
  resourceTemplate: { method: 'resources/templates/list', key: 'resourceTemplates' },
};

const BLOCK_NOTE = /^detect definitions block: ([\w-]+) \(/;

/** The detection settings the proxies read now (defaults when absent or invalid, as the proxy does). */
export function currentDetectionSettings(stateDir: string): DetectionSettings {
  return readDetectionSettings(stateDir).settings;
}

/** Undefined when detection lets the offered definition through (or the change is a removal). */
export function detectionHold(settings: DetectionSettings, serverId: string, record: PendingReview): DetectionHold | undefined {
  const list = LIST_OF[record.kind];
  if (!list || record.change === 'removed' || typeof record.definition !== 'object' || record.definition === null) return undefined;
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 0, result: { [list.key]: [record.definition] } }));
  const verdict = new DetectPolicy({ serverId, settings }).policy(
    { direction: 'server-to-client', raw: body, body, parsed: parseLine(body) },
    { sessionId: 'pin-review', serverId, request: { method: list.method } },
  );
  if (verdict instanceof Promise || verdict.action !== 'rewrite') return undefined;
  // A withheld item is dropped from the rewritten list; a marked or redacted one stays in it.
  const rewritten = JSON.parse(verdict.bytes.toString('utf8')) as { result?: Record<string, unknown> };
  const left = rewritten.result?.[list.key];
  if (!Array.isArray(left) || left.length > 0) return undefined;
  const rules = [...new Set((verdict.notes ?? []).flatMap((note) => BLOCK_NOTE.exec(note)?.[1] ?? []))];
  return { rules };
}

/** The server id detection settings are keyed by: the proxy that saw the change, else the pins' first user. */
export function serverIdOf(pins: PinFile, record: PendingReview): string {
  return record.seenBy ?? pins.serverIds?.[0] ?? '';
}

/** "Warden's detection still blocks this tool: hidden-tag-characters (block). …" */
export function describeHold(kind: PendingReview['kind'], hold: DetectionHold, stateDir: string): string {
  const what = kind === 'resourceTemplate' ? 'resource template' : kind;
  return (
    `Warden's detection still blocks this ${what}: ${hold.rules.join(', ') || 'its definition was flagged'} (block). ` +
    `To allow it, change the detection settings (${detectionSettingsPath(stateDir)}, see docs/detectors.md).`
  );
}

/** The same, as short lines for the top of the offered side of the review diff (which is narrow). */
export function holdLines(kind: PendingReview['kind'], hold: DetectionHold): string[] {
  const what = kind === 'resourceTemplate' ? 'resource template' : kind;
  return [
    '⚠ MCP Warden: approving will not unblock this.',
    `  Warden's detection still blocks this ${what}:`,
    ...(hold.rules.length > 0 ? hold.rules : ['its definition was flagged']).map((rule, index, all) => `    ${rule}${index === all.length - 1 ? ' (block).' : ','}`),
    '  To allow it, change the detection settings',
    '  (see docs/detectors.md).',
  ];
}
