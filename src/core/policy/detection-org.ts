// Where the proxy finds the organisation's detection floor. Clients start servers with a trimmed
// environment, so MCP_WARDEN_POLICY does not reach the proxy: the extension (from the user's
// mcpWarden.policyFile) records the policy's absolute path in <state>/settings.json as
// `policyFile`, and the proxy reads that file's `detection` section when it starts.
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
// The ESM build by path: the proxy's bundle resolves "main" (a UMD build whose require()s esbuild cannot follow).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as z from 'zod/mini';
import { settingsPath } from '../pins/pin-policy.js';
import { withFileLock, writeFileAtomic } from '../state/atomic-file.js';
import { detectionSettingsSchema, firstIssue, type DetectionSettings } from './detection-schema.js';
import { FAIL_CLOSED_FLOOR } from './detection-merge.js';

const MAX_POLICY_BYTES = 5 * 1024 * 1024;

// Only what the proxy needs; the extension and `mcp-warden scan` validate the whole policy.
const policyDetectionSchema = z.looseObject({ version: z.literal(1), detection: z.optional(detectionSettingsSchema) });
const recordedSchema = z.looseObject({ policyFile: z.optional(z.string()) });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The policy path recorded in <state>/settings.json; `problem` when the file cannot be trusted to say. */
export function recordedPolicyFile(stateDir: string): { file?: string; problem?: string } {
  let text: string;
  try {
    text = readFileSync(settingsPath(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `cannot read ${settingsPath(stateDir)}: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `${settingsPath(stateDir)} is not JSON (${(error as Error).message})` };
  }
  const parsed = recordedSchema.safeParse(value);
  if (!parsed.success) return { problem: `${settingsPath(stateDir)} is invalid ${firstIssue(parsed.error)}` };
  const file = parsed.data.policyFile;
  if (file === undefined || file === '') return {};
  if (!path.isAbsolute(file)) return { problem: `${settingsPath(stateDir)}: policyFile "${file}" is not an absolute path` };
  return { file };
}

/**
 * The organisation's detection floor, read synchronously once at proxy start. No policy recorded
 * = no floor. A recorded policy that cannot be read or validated gives the fail-closed floor (the
 * built-in defaults, "off" not allowed) and the problem to report: a broken or deleted policy
 * file must not switch protection off.
 */
export function readOrgDetection(stateDir: string): { floor?: DetectionSettings; problem?: string } {
  const recorded = recordedPolicyFile(stateDir);
  const failClosed = (why: string) => ({ floor: FAIL_CLOSED_FLOOR, problem: `${why}; detection uses the built-in defaults as the organisation floor` });
  if (recorded.problem) return failClosed(recorded.problem);
  const file = recorded.file;
  if (file === undefined) return {};
  let text: string;
  try {
    // Checked before reading: a FIFO or device at that path would block the proxy's start.
    const info = statSync(file);
    if (!info.isFile()) return failClosed(`policy ${file} is not a file`);
    if (info.size > MAX_POLICY_BYTES) return failClosed(`policy ${file} is ${info.size} bytes, more than the ${MAX_POLICY_BYTES} allowed`);
    const bytes = readFileSync(file);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failClosed(`cannot read policy ${file}: ${code === 'ENOENT' ? 'it does not exist' : (error as Error).message}`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  const syntax = errors[0];
  if (syntax) {
    const line = text.slice(0, syntax.offset).split('\n').length;
    return failClosed(`policy ${file}:${line}: ${printParseErrorCode(syntax.error)}`);
  }
  const parsed = policyDetectionSchema.safeParse(value);
  if (!parsed.success) return failClosed(`policy ${file} is invalid ${firstIssue(parsed.error)}`);
  return parsed.data.detection ? { floor: parsed.data.detection } : {};
}

/** Records (or, with undefined, forgets) the policy path in <state>/settings.json, under its lock, keeping every other setting. */
export async function recordPolicyFile(stateDir: string, file: string | undefined): Promise<void> {
  const target = settingsPath(stateDir);
  await withFileLock(target, async () => {
    let value: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(await fs.readFile(target, 'utf8')) as unknown;
      if (isObject(parsed)) value = parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${target} is not valid JSON; fix or remove it first`);
    }
    if (value.policyFile === file) return;
    if (file === undefined) delete value.policyFile;
    else value.policyFile = file;
    await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
  });
}
