// Detection settings of the proxy, read once when the proxy starts: the user's
// `<stateDir>/detection.json` (hand-written, or mirrored from the VS Code setting
// mcpWarden.detection), with the `detection` section of the organisation policy recorded in
// `<stateDir>/settings.json` as a floor under it. `--detect off|warn-only|default` overrides the
// mode. Absent files = the defaults. See docs/detectors.md ("In the proxy").
//
// Actions are chosen per scanned item (a definition, a response, a call's arguments) by its
// level: `high` = the engine's verdict is block, `medium` = warn, `low` = findings that do not
// reach warn on their own. Per-server and per-tool entries override the scope tables key by key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stricterMode, withFloor } from '../policy/detection-merge.js';
import { readOrgDetection } from '../policy/detection-org.js';
import { cascadeTable, DEFAULT_ACTIONS, detectionSettingsSchema, firstIssue, type DetectionSettings, type DetectMode, type DetectScope, type LevelTable } from '../policy/detection-schema.js';

export { DEFAULT_ACTIONS, detectActionSchema, detectionSettingsSchema } from '../policy/detection-schema.js';
export type { DetectAction, DetectionSettings, DetectLevel, DetectMode, DetectScope, LevelTable } from '../policy/detection-schema.js';

export function detectionSettingsPath(stateDir: string): string {
  return path.join(stateDir, 'detection.json');
}

/**
 * The user's detection.json. Absent = `{}` (the defaults). A file that does not parse or validate
 * also falls back to the defaults (never to "off": a typo must not remove protection) and returns
 * the problem so the proxy can report it.
 */
export function readUserDetectionSettings(stateDir: string): { settings: DetectionSettings; problem?: string } {
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
  if (!parsed.success) return { settings: {}, problem: `detection.json is invalid ${firstIssue(parsed.error)}; using the defaults` };
  return { settings: parsed.data };
}

/** The settings the proxy runs with: the user's, with the organisation's floor applied. */
export interface LoadedDetectionSettings {
  settings: DetectionSettings;
  /** Every problem met reading the files, for the proxy to report. */
  problem?: string;
  /** The least mode the organisation allows; a `--detect` flag below it is raised to it by detectMode(). */
  minimumMode?: DetectMode;
}

export function readDetectionSettings(stateDir: string): LoadedDetectionSettings {
  const user = readUserDetectionSettings(stateDir);
  const org = readOrgDetection(stateDir);
  const loaded: LoadedDetectionSettings = { settings: org.floor ? withFloor(user.settings, org.floor) : user.settings };
  const problems = [user.problem, org.problem].filter((problem) => problem !== undefined);
  if (problems.length > 0) loaded.problem = problems.join('; also ');
  if (org.floor?.mode) loaded.minimumMode = org.floor.mode;
  return loaded;
}

/** The mode a proxy runs in: its `--detect` flag, else the settings, never below the organisation's minimum. */
export function detectMode(flag: DetectMode | undefined, loaded: LoadedDetectionSettings): DetectMode {
  const chosen = flag ?? loaded.settings.mode ?? 'default';
  return loaded.minimumMode ? stricterMode(chosen, loaded.minimumMode) : chosen;
}

/** The action table for one server, tool and scope: defaults ← file-wide ← server ← tool, key by key. */
export function actionTable(settings: DetectionSettings, scope: DetectScope, serverId: string, tool?: string): LevelTable {
  return cascadeTable(DEFAULT_ACTIONS[scope], settings, scope, serverId, tool);
}
