// The `check` contract, one JSONL line at a time: `{"id","text"}` or `{"id","tool":{…}}` in,
// `{"id","verdict","score","findings"}` out, or `{"id","error"}` for a line that does not parse.
// Kept in core (pure) so the CLI, the bench and tests share exactly the same behaviour.
import * as z from 'zod';
import { scanText, scanTool, type DetectOptions } from './engine.js';
import type { DetectFinding } from './finding.js';

const ToolSchema = z
  .object({
    name: z.string().optional(),
    title: z.string().optional(),
    description: z.string().nullable().optional(),
    inputSchema: z.unknown().optional(),
    outputSchema: z.unknown().optional(),
    annotations: z.unknown().optional(),
  })
  .passthrough();

export const CheckInputSchema = z.union([
  z.object({ id: z.union([z.string(), z.number()]), tool: ToolSchema }).passthrough(),
  z.object({ id: z.union([z.string(), z.number()]), text: z.string() }).passthrough(),
]);

export type CheckInput = z.infer<typeof CheckInputSchema>;

export interface CheckOutput {
  id: string | number | null;
  verdict?: 'block' | 'warn' | 'pass';
  score?: number;
  findings?: Array<Pick<DetectFinding, 'rule' | 'severity' | 'message' | 'path' | 'span'>>;
  error?: string;
}

/** Checks one parsed input record. */
export function checkRecord(input: CheckInput, options: DetectOptions): CheckOutput {
  const tool = 'tool' in input ? (input.tool as z.infer<typeof ToolSchema>) : undefined;
  const result = tool ? scanTool({ ...tool, description: tool.description ?? '' }, options) : scanText((input as { text: string }).text, options);
  return {
    id: input.id,
    verdict: result.verdict,
    score: result.score,
    findings: result.findings.map(({ rule, severity, message, path, span }) => ({ rule, severity, message, path, span })),
  };
}

/** Checks one raw JSONL line; never throws. Returns undefined for blank lines. */
export function checkLine(line: string, options: DetectOptions): CheckOutput | undefined {
  if (line.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { id: null, error: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = CheckInputSchema.safeParse(raw);
  if (!parsed.success) {
    const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : null;
    const issue = parsed.error.issues[0];
    const reason = issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid record';
    return { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: `expected {"id","text"} or {"id","tool"}: ${reason}` };
  }
  try {
    return checkRecord(parsed.data, options);
  } catch (error) {
    return { id: parsed.data.id, error: `scan failed: ${(error as Error).message}` };
  }
}
