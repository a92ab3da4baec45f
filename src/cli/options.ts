import * as z from 'zod';
import { parseCommandLine, UsageError } from './command-line.js';

export { UsageError };

const ruleSeveritySchema = z
  .array(z.string().regex(/^[a-z0-9-]+=(error|warning|info|off)$/, 'expected RULE=error|warning|info|off'))
  .transform((pairs) => Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, 'error' | 'warning' | 'info' | 'off'])));

export const scanOptionsSchema = z.object({
  folders: z.array(z.string().min(1)),
  format: z.enum(['text', 'json', 'sarif']).default('text'),
  output: z.string().min(1).optional(),
  failOn: z.enum(['error', 'warning', 'info', 'none']).default('none'),
  policy: z.string().min(1).optional(),
  user: z.boolean().default(true),
  recent: z.boolean().default(false),
  color: z.boolean(),
  ruleSeverity: ruleSeveritySchema,
  /** --connect: start unprotected stdio servers (after consent) and check what they offer. */
  connect: z.boolean().default(false),
  /** --yes: consent to starting every such server without asking. */
  yes: z.boolean().default(false),
  /** Seconds one server gets to start, answer and list everything. */
  connectTimeout: z.coerce.number().positive().max(600).default(30),
});

export type ScanCliOptions = z.infer<typeof scanOptionsSchema>;

/** Validates the command line with zod: a wrong value is a usage error naming the option, never a crash. */
export function parseScanOptions(argv: readonly string[], isTty: boolean, env: NodeJS.ProcessEnv): ScanCliOptions {
  return parseCommandLine(argv, {
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      policy: { type: 'string' },
      'no-user': { type: 'boolean' },
      recent: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      rule: { type: 'string', multiple: true },
      connect: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'connect-timeout': { type: 'string' },
    },
    schema: scanOptionsSchema,
    flags: { folders: 'arguments', ruleSeverity: '--rule' },
    input: ({ values, positionals }) => ({
      folders: positionals,
      format: values.format,
      output: values.output,
      failOn: values['fail-on'],
      policy: values.policy ?? (env.MCP_WARDEN_POLICY || undefined),
      user: !values['no-user'],
      recent: values.recent ?? false,
      color: isTty && !values['no-color'] && !env.NO_COLOR && values.output === undefined,
      ruleSeverity: values.rule ?? [],
      connect: values.connect ?? false,
      yes: values.yes ?? false,
      connectTimeout: values['connect-timeout'],
    }),
  });
}

export const selectionSchema = z.object({ names: z.array(z.string().min(1)), allShadow: z.boolean(), folders: z.array(z.string()) });

/** `approve NAME…` / `revoke NAME…`: server names or ids, and the folders whose configs to read. */
export function parseSelection(argv: readonly string[]): z.infer<typeof selectionSchema> {
  const selection = parseCommandLine(argv, {
    options: { 'all-shadow': { type: 'boolean' }, folder: { type: 'string', multiple: true } },
    schema: selectionSchema,
    flags: { names: 'arguments', folders: '--folder' },
    input: ({ values, positionals }) => ({ names: positionals, allShadow: values['all-shadow'] ?? false, folders: values.folder ?? [] }),
  });
  if (selection.names.length === 0 && !selection.allShadow) throw new UsageError('name at least one server (by name or id), or use --all-shadow');
  return selection;
}
