// One way for every command to read its command line: node's parseArgs for the syntax, zod for
// the values. Whatever is wrong becomes a UsageError naming the option (exit 2 with usage help),
// never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type * as z from 'zod';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs' result for these options: typed values and the positionals. */
export type ParsedCommandLine<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export interface CommandLineSpec<O extends Options, S extends z.ZodType> {
  options: O;
  /** Default true; false makes any positional a usage error. */
  allowPositionals?: boolean;
  schema: S;
  /**
   * Shapes the parsed options into the schema's fields (their values unchecked: that is the
   * schema's job); may throw UsageError for rules the schema does not express.
   */
  input: (parsed: ParsedCommandLine<O>) => { [K in keyof z.input<S>]: unknown };
  /**
   * How a zod issue names what is wrong: the flag of the schema key it is about (default `--` and
   * the key in kebab case; an issue without a key is about the `arguments`), or `false` when the
   * schema's messages already say it.
   */
  flags?: Record<string, string> | false;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function describe(error: z.ZodError, flags: Record<string, string> | false | undefined): string {
  return error.issues
    .map((issue) => {
      if (flags === false) return issue.message;
      const [key] = issue.path;
      const flag = key === undefined ? 'arguments' : (flags?.[String(key)] ?? `--${kebab(String(key))}`);
      return `${flag}: ${issue.message}`;
    })
    .join('; ');
}

export function parseCommandLine<O extends Options, S extends z.ZodType>(argv: readonly string[], spec: CommandLineSpec<O, S>): z.output<S> {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: spec.allowPositionals ?? true, strict: true }) as ParsedCommandLine<O>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = spec.schema.safeParse(spec.input(parsed));
  if (!result.success) throw new UsageError(describe(result.error, spec.flags));
  return result.data;
}
