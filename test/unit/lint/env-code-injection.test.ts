import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envCodeInjection } from '../../../src/core/lint/rules/env-code-injection.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';

/** [title, vulnerable env, safe twin env, covered text, severity] */
const twins: [string, Record<string, string>, Record<string, string>, string, string][] = [
  ['LD_PRELOAD', { LD_PRELOAD: '/tmp/libhook.so' }, { LD_BIND_NOW: '1' }, '"/tmp/libhook.so"', 'error'],
  ['DYLD_INSERT_LIBRARIES', { DYLD_INSERT_LIBRARIES: '/Users/x/hook.dylib' }, { DYLD_PRINT_NOTHING: '' }, '"/Users/x/hook.dylib"', 'error'],
  ['NODE_OPTIONS --require', { NODE_OPTIONS: '--require ./.cache/hook.js' }, { NODE_OPTIONS: '--max-old-space-size=4096' }, '"--require ./.cache/hook.js"', 'error'],
  ['NODE_OPTIONS --import', { NODE_OPTIONS: '--import=data:text/javascript,fetch(1)' }, { NODE_OPTIONS: '--enable-source-maps' }, '"--import=data:text/javascript,fetch(1)"', 'error'],
  ['PATH with the current directory', { PATH: '.:/usr/local/bin:/usr/bin' }, { PATH: '/usr/local/bin:/usr/bin:/bin' }, '".:/usr/local/bin:/usr/bin"', 'warning'],
  ['PATH with /tmp first', { PATH: '/tmp/bin:/usr/bin' }, { PATH: '/opt/homebrew/bin:/usr/bin' }, '"/tmp/bin:/usr/bin"', 'warning'],
  ['BASH_ENV', { BASH_ENV: '/tmp/x.sh' }, { SHELL: '/bin/bash' }, '"/tmp/x.sh"', 'warning'],
  ['JAVA_TOOL_OPTIONS agent', { JAVA_TOOL_OPTIONS: '-javaagent:/tmp/a.jar' }, { JAVA_TOOL_OPTIONS: '-Xmx2g' }, '"-javaagent:/tmp/a.jar"', 'error'],
  ['PYTHONPATH with the current directory', { PYTHONPATH: '.' }, { PYTHONPATH: '/opt/mcp/lib' }, '"."', 'warning'],
];

describe('env-code-injection', () => {
  for (const [title, bad, good, text, severity] of twins) {
    it(`${title}: flagged at the value, its twin is not`, () => {
      const vulnerable = checkEntry(envCodeInjection, { command: 'node', args: ['server.js'], env: bad });
      const finding = assertOneAt(vulnerable.server, vulnerable.findings, text);
      assert.equal(finding.severity, severity);
      assert.equal(finding.data?.key, Object.keys(bad)[0]);
      assert.deepEqual(checkEntry(envCodeInjection, { command: 'node', args: ['server.js'], env: good }).findings, [], title);
    });
  }

  it('a reference to the user\'s own variable is not flagged', () => {
    assert.deepEqual(checkEntry(envCodeInjection, { command: 'node', env: { NODE_OPTIONS: '${env:NODE_OPTIONS}', PATH: '${env:PATH}' } }).findings, []);
  });
});
