// The command-line reader every mcp-warden command shares: a typo or a wrong value is a usage
// error (exit 2 with help) that names the option, never a crash or a silently ignored flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { parseCommandLine, UsageError } from '../../../src/cli/command-line.js';
import { parseScanOptions } from '../../../src/cli/options.js';
import { parseProtectOptions } from '../../../src/cli/protect-command.js';

const schema = z
  .object({ names: z.array(z.string().min(1)), connectTimeout: z.coerce.number().positive().optional(), folders: z.array(z.string()) })
  .refine((value) => value.names.length > 0, { message: 'name at least one server' });

function read(argv: string[], flags?: Record<string, string> | false) {
  return parseCommandLine(argv, {
    options: { 'connect-timeout': { type: 'string' }, folder: { type: 'string', multiple: true } },
    schema,
    flags,
    input: ({ values, positionals }) => ({ names: positionals, connectTimeout: values['connect-timeout'], folders: values.folder ?? [] }),
  });
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, `not a usage error: ${String(error)}`);
    return error.message;
  }
  assert.fail('no usage error');
}

test('valid arguments come back validated and converted', () => {
  assert.deepEqual(read(['a', '--connect-timeout', '5', '--folder', 'x', '--folder', 'y']), { names: ['a'], connectTimeout: 5, folders: ['x', 'y'] });
});

test('an unknown option or a missing value is a usage error in parseArgs’ words', () => {
  assert.match(usageError(() => read(['a', '--conect-timeout', '5'])), /Unknown option '--conect-timeout'/);
  assert.match(usageError(() => read(['a', '--folder'])), /--folder/);
});

test('a wrong value names its flag: kebab case by default, a mapped flag, or "arguments" for the whole line', () => {
  assert.equal(usageError(() => read(['a', '--connect-timeout=-3'])), '--connect-timeout: Too small: expected number to be >0');
  assert.equal(usageError(() => read([])), 'arguments: name at least one server');
  assert.equal(usageError(() => read(['a', '--connect-timeout', 'soon'], { connectTimeout: '--wait' })), '--wait: Invalid input: expected number, received NaN');
  assert.equal(usageError(() => read([], false)), 'name at least one server');
});

test('positionals are refused where a command takes none', () => {
  const run = () => parseCommandLine(['stray'], { options: {}, allowPositionals: false, schema: z.object({}), input: () => ({}) });
  assert.match(usageError(run), /Unexpected argument 'stray'/);
});

test('the commands built on it keep naming their own flags', () => {
  assert.match(usageError(() => parseScanOptions(['--format', 'xml'], false, {})), /^--format: /);
  assert.match(usageError(() => parseScanOptions(['--rule', 'shell-in-args'], false, {})), /^--rule: expected RULE=error\|warning\|info\|off$/);
  assert.match(usageError(() => parseScanOptions(['--fail-on', 'sometimes'], false, {})), /^--fail-on: /);
  assert.match(usageError(() => parseProtectOptions(['--client', 'nope'], 'protect')), /^--client: expected one of /);
  assert.equal(usageError(() => parseProtectOptions([], 'protect')), 'arguments: name at least one server (by name or id), or use --all or --client ID');
  assert.equal(usageError(() => parseProtectOptions(['x', '--node', 'node'], 'unprotect')), '--proxy, --node and --policy are options of protect');
});
