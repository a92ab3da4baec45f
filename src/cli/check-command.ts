// mcp-warden check --kind description|response FILE|-  : JSONL in, one JSONL verdict per line out.
// The output contract is stable: CI and the corpus bench evaluate the detectors through it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { checkLine } from '../core/detect/check-record.js';
import { defaultClassifier } from '../core/detect/classifier/default-classifier.js';
import type { TextKind } from '../core/detect/finding.js';

const USAGE = `Usage: mcp-warden check --kind description|response [--classifier] FILE|-
  Reads JSONL ({"id","text"} or {"id","tool":{name,description,inputSchema,…}}) and writes one
  line per input: {"id","verdict":"block"|"warn"|"pass","score","findings":[…]}.
  --classifier   also run the learned response classifier (opt-in; see docs/detectors.md).
  Exit codes: 0 done, 2 usage or I/O error.
`;

interface CheckArgs {
  kind: TextKind;
  file: string;
  classifier: boolean;
}

function parseArgs(argv: string[]): CheckArgs | string {
  let kind: string | undefined;
  let file: string | undefined;
  let classifier = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--kind') kind = argv[++i];
    else if (arg.startsWith('--kind=')) kind = arg.slice(7);
    else if (arg === '--classifier') classifier = true;
    else if (arg === '--no-classifier') classifier = false;
    else if (arg === '-h' || arg === '--help') return '';
    else if (arg.startsWith('-') && arg !== '-') return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}`;
  }
  if (kind !== 'description' && kind !== 'response') return '--kind must be description or response';
  if (file === undefined) return 'missing FILE (use - for standard input)';
  return { kind, file, classifier };
}

/** Runs the check command; resolves to the exit code. `argv` excludes the word "check". */
export interface CheckIo {
  stdin?: Readable;
  write?: (s: string) => void;
  error?: (s: string) => void;
}

export async function runCheck(argv: string[], io: CheckIo = {}): Promise<number> {
  const parsed = parseArgs(argv);
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
