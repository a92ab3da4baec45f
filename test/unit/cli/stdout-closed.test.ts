// A closed pipe ends the CLI with 0; any other failure to write the report is still an error (2).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { exitQuietlyWhenStdoutCloses } from '../../../src/cli/stdout-closed.js';

function failWith(code: string): number[] {
  const stream = new PassThrough();
  const exits: number[] = [];
  exitQuietlyWhenStdoutCloses(stream, (status) => exits.push(status));
  stream.emit('error', Object.assign(new Error(`write ${code}`), { code }));
  return exits;
}

test('EPIPE on standard output exits with 0', () => {
  assert.deepEqual(failWith('EPIPE'), [0]);
});

test('another write error (a full disk) exits with 2', () => {
  assert.deepEqual(failWith('ENOSPC'), [2]);
});
