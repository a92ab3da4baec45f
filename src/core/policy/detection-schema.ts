// The shape of the proxy's detection settings, shared by `<state>/detection.json`, the VS Code
// setting `mcpWarden.detection` and the `detection` section of an organisation policy.
// zod/mini: the proxy bundles this file and the mini build keeps its start quick.
import * as z from 'zod/mini';

export const detectActionSchema = z.enum(['pass', 'warn', 'mark', 'redact', 'block']);
export type DetectAction = z.infer<typeof detectActionSchema>;
export type DetectLevel = 'high' | 'medium' | 'low';
export type DetectScope = 'definitions' | 'responses' | 'arguments';
export const detectModeSchema = z.enum(['off', 'warn-only', 'default']);
export type DetectMode = z.infer<typeof detectModeSchema>;
export type LevelTable = Record<DetectLevel, DetectAction>;

// Strict objects everywhere: a misspelt key ("definiton") must be reported, not silently ignored.
const levelTable = z.partial(z.strictObject({ high: detectActionSchema, medium: detectActionSchema, low: detectActionSchema }));

const scopeTables = z.partial(z.strictObject({ definitions: levelTable, responses: levelTable, arguments: levelTable }));

const serverSettings = z.strictObject({
  ...scopeTables.shape,
  /** Keyed by tool (or prompt / resource URI) name. */
  tools: z.optional(z.record(z.string(), scopeTables)),
});

export const detectionSettingsSchema = z.strictObject({
  mode: z.optional(detectModeSchema),
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

export const SCOPES: readonly DetectScope[] = ['definitions', 'responses', 'arguments'];

export const DEFAULT_ACTIONS: Readonly<Record<DetectScope, LevelTable>> = Object.freeze({
  // Hidden characters and high-confidence poisoning withhold the definition; suspicious ones are reported.
  definitions: { high: 'block', medium: 'warn', low: 'pass' },
  // Suspicious results reach the agent with a notice in front of them.
  responses: { high: 'mark', medium: 'mark', low: 'pass' },
  // Secrets in arguments are reported; blocking or redacting them is opt-in.
  arguments: { high: 'warn', medium: 'warn', low: 'pass' },
});

/** One scope's table for a server and tool (neither: the settings-wide table): base ← settings-wide ← server ← tool, key by key. */
export function cascadeTable(base: LevelTable, settings: DetectionSettings, scope: DetectScope, serverId?: string, tool?: string): LevelTable {
  const server = serverId !== undefined ? settings.servers?.[serverId] : undefined;
  const forTool = tool !== undefined ? server?.tools?.[tool] : undefined;
  return { ...base, ...settings[scope], ...server?.[scope], ...forTool?.[scope] };
}

/** The first issue of a failed parse as `at a.b.c: message`, so a file's problem names the key. */
export function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `at ${issue?.path.map(String).join('.') || 'top level'}: ${issue?.message ?? 'unknown problem'}`;
}
