// mcp-warden check --kind description|response FILE|-  : JSONL in, one JSONL verdict per line out.
// The output contract is stable: CI and the corpus bench evaluate the detectors through it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { checkLine } from '../core/detect/check-record.js';
import { defaultClassifier } from '../core/detect/classifier/default-classifier.js';
import * as z from 'zod';
import { parseCommandLine, UsageError } from './command-line.js';

const USAGE = `Usage: mcp-warden check --kind description|response [--classifier] FILE|-
  Reads JSONL ({"id","text"} or {"id","tool":{name,description,inputSchema,…}}) and writes one
  line per input: {"id","verdict":"block"|"warn"|"pass","score","findings":[…]}.
  --classifier   also run the learned response classifier (opt-in; see docs/detectors.md).
  Exit codes: 0 done, 2 usage or I/O error.
`;

const checkArgsSchema = z.object({
  kind: z.enum(['description', 'response'], { message: '--kind must be description or response' }),
  file: z.string({ message: 'missing FILE (use - for standard input)' }).min(1),
  classifier: z.boolean(),
});

type CheckArgs = z.infer<typeof checkArgsSchema>;

/** The arguments, or what is wrong with them ('' for --help). */
function parseCheckArgs(argv: string[]): CheckArgs | string {
  if (argv.includes('-h') || argv.includes('--help')) return '';
  try {
    return parseCommandLine(argv, {
      options: { kind: { type: 'string' }, classifier: { type: 'boolean' }, 'no-classifier': { type: 'boolean' } },
      schema: checkArgsSchema,
      flags: false,
      input: ({ values, positionals }) => {
        if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);
        return { kind: values.kind, file: positionals[0], classifier: Boolean(values.classifier) && !values['no-classifier'] };
      },
    });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

/** Runs the check command; resolves to the exit code. `argv` excludes the word "check". */
export interface CheckIo {
  stdin?: Readable;
  write?: (s: string) => void;
  error?: (s: string) => void;
}

export async function runCheck(argv: string[], io: CheckIo = {}): Promise<number> {
  const parsed = parseCheckArgs(argv);
  const error = io.error ?? ((s: string) => void process.stderr.write(s));
  if (typeof parsed === 'string') {
    error(parsed ? `mcp-warden check: ${parsed}\n${USAGE}` : USAGE);
    return parsed ? 2 : 0;
  }
  const write = io.write ?? ((s: string) => void process.stdout.write(s));
  const input = parsed.file === '-' ? (io.stdin ?? process.stdin) : createReadStream(parsed.file, { encoding: 'utf8' });
  const options = { kind: parsed.kind, classifier: parsed.classifier ? defaultClassifier() : undefined };
  try {
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) {
      const out = checkLine(line, options);
      if (out) write(`${JSON.stringify(out)}\n`);
    }
  } catch (failure) {
    error(`mcp-warden check: cannot read ${parsed.file}: ${(failure as Error).message}\n`);
    return 2;
  }
  return 0;
}
