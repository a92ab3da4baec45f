// The organisation's detection section is a floor under the user's settings: for every scope,
// server, tool and level the proxy takes the stricter of the two actions, and an organisation
// `mode` is the least the user may choose. The result is an ordinary settings object with every
// table written out, so the proxy's per-message lookup stays one cascade.
import { cascadeTable, DEFAULT_ACTIONS, SCOPES, type DetectAction, type DetectionSettings, type DetectMode, type DetectScope, type LevelTable } from './detection-schema.js';

const ACTION_ORDER: readonly DetectAction[] = ['pass', 'warn', 'mark', 'redact', 'block'];
const MODE_ORDER: readonly DetectMode[] = ['off', 'warn-only', 'default'];
const NO_FLOOR: LevelTable = Object.freeze({ high: 'pass', medium: 'pass', low: 'pass' });

export function stricterAction(a: DetectAction, b: DetectAction): DetectAction {
  return ACTION_ORDER.indexOf(a) >= ACTION_ORDER.indexOf(b) ? a : b;
}

export function stricterMode(a: DetectMode, b: DetectMode): DetectMode {
  return MODE_ORDER.indexOf(a) >= MODE_ORDER.indexOf(b) ? a : b;
}

/** Used when a recorded policy cannot be read: the built-in defaults become the floor and "off" is not allowed. */
export const FAIL_CLOSED_FLOOR: DetectionSettings = Object.freeze({ mode: 'default', ...DEFAULT_ACTIONS });

function stricterTable(a: LevelTable, b: LevelTable): LevelTable {
  return { high: stricterAction(a.high, b.high), medium: stricterAction(a.medium, b.medium), low: stricterAction(a.low, b.low) };
}

function keysOf(...records: (Record<string, unknown> | undefined)[]): string[] {
  return [...new Set(records.flatMap((record) => (record ? Object.keys(record) : [])))];
}

/** The user's settings with the organisation's floor applied. */
export function withFloor(user: DetectionSettings, floor: DetectionSettings): DetectionSettings {
  const table = (scope: DetectScope, serverId?: string, tool?: string): LevelTable =>
    stricterTable(cascadeTable(DEFAULT_ACTIONS[scope], user, scope, serverId, tool), cascadeTable(NO_FLOOR, floor, scope, serverId, tool));
  const tablesFor = (serverId?: string, tool?: string): Pick<DetectionSettings, DetectScope> => Object.fromEntries(SCOPES.map((scope) => [scope, table(scope, serverId, tool)]));
  const merged: DetectionSettings = tablesFor();
  const mode = floor.mode === undefined ? user.mode : stricterMode(user.mode ?? 'default', floor.mode);
  if (mode !== undefined) merged.mode = mode;
  const provenance = user.provenance === true || floor.provenance === true;
  if (provenance || user.provenance !== undefined) merged.provenance = provenance;
  const serverIds = keysOf(user.servers, floor.servers);
  if (serverIds.length > 0) {
    merged.servers = Object.fromEntries(
      serverIds.map((serverId) => {
        const tools = keysOf(user.servers?.[serverId]?.tools, floor.servers?.[serverId]?.tools);
        const server = { ...tablesFor(serverId), ...(tools.length > 0 ? { tools: Object.fromEntries(tools.map((tool) => [tool, tablesFor(serverId, tool)])) } : {}) };
        return [serverId, server];
      }),
    );
  }
  return merged;
}
