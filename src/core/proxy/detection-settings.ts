// Detection settings of the proxy: `<stateDir>/detection.json`, written by the extension or the
// CLI, read once when the proxy starts; `--detect off|warn-only|default` overrides the mode.
// Absent file = the defaults below. See docs/detectors.md ("In the proxy").
//
// Actions are chosen per scanned item (a definition, a response, a call's arguments) by its
// level: `high` = the engine's verdict is block, `medium` = warn, `low` = findings that do not
// reach warn on their own. Per-server and per-tool entries override the scope tables key by key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';

export const detectActionSchema = z.enum(['pass', 'warn', 'mark', 'redact', 'block']);
export type DetectAction = z.infer<typeof detectActionSchema>;
export type DetectLevel = 'high' | 'medium' | 'low';
export type DetectScope = 'definitions' | 'responses' | 'arguments';
export type DetectMode = 'off' | 'warn-only' | 'default';

const levelTable = z.partial(z.object({ high: detectActionSchema, medium: detectActionSchema, low: detectActionSchema }));
export type LevelTable = Record<DetectLevel, DetectAction>;

const scopeTables = z.partial(z.object({ definitions: levelTable, responses: levelTable, arguments: levelTable }));

const serverSettings = z.object({
  ...scopeTables.shape,
  /** Keyed by tool (or prompt / resource URI) name. */
  tools: z.optional(z.record(z.string(), scopeTables)),
});

export const detectionSettingsSchema = z.object({
  mode: z.optional(z.enum(['off', 'warn-only', 'default'])),
  /**
   * `_meta["dev.mcpwarden/provenance"]` goes on every tools/call result Warden rewrites (mark, redact,
   * block). true: on every tools/call result, even untouched ones (their bytes then change; ~0.3 ms
   * per 100 kB result, spliced without re-serialising where the line's shape allows). Default false.
   */
  provenance: z.optional(z.boolean()),
  ...scopeTables.shape,
  /** Keyed by server id (the proxy's --server). */
  servers: z.optional(z.record(z.string(), serverSettings)),
});
export type DetectionSettings = z.infer<typeof detectionSettingsSchema>;

export const DEFAULT_ACTIONS: Readonly<Record<DetectScope, LevelTable>> = Object.freeze({
  // Hidden characters and high-confidence poisoning withhold the definition; suspicious ones are reported.
  definitions: { high: 'block', medium: 'warn', low: 'pass' },
  // Suspicious results reach the agent with a notice in front of them.
  responses: { high: 'mark', medium: 'mark', low: 'pass' },
  // Secrets in arguments are reported; blocking or redacting them is opt-in.
  arguments: { high: 'warn', medium: 'warn', low: 'pass' },
});

export function detectionSettingsPath(stateDir: string): string {
  return path.join(stateDir, 'detection.json');
}

/**
 * Reads the settings file once. Absent = `{}` (the defaults). A file that does not parse or
 * validate also falls back to the defaults (never to "off": a typo must not remove protection)
 * and returns the problem so the proxy can report it.
 */
export function readDetectionSettings(stateDir: string): { settings: DetectionSettings; problem?: string } {
  let text: string;
  try {
    text = readFileSync(detectionSettingsPath(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {} };
    return { settings: {}, problem: `cannot read detection.json: ${(error as Error).message}; using the defaults` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { settings: {}, problem: `detection.json is not JSON (${(error as Error).message}); using the defaults` };
  }
  const parsed = detectionSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { settings: {}, problem: `detection.json is invalid at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'unknown'}; using the defaults` };
  }
  return { settings: parsed.data };
}

/** The action table for one server, tool and scope: defaults ← file-wide ← server ← tool, key by key. */
export function actionTable(settings: DetectionSettings, scope: DetectScope, serverId: string, tool?: string): LevelTable {
  const server = settings.servers?.[serverId];
  const forTool = tool !== undefined ? server?.tools?.[tool] : undefined;
  return { ...DEFAULT_ACTIONS[scope], ...settings[scope], ...server?.[scope], ...forTool?.[scope] };
}
