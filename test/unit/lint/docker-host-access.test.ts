import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerHostAccess, sensitiveMount } from '../../../src/core/lint/rules/docker-host-access.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';

const base = ['run', '-i', '--rm'];
const image = 'mcp/filesystem@sha256:' + 'b'.repeat(64);

/** [title, extra args (vulnerable), extra args (safe twin), covered text, severity] */
const twins: [string, string[], string[], string, string][] = [
  ['--privileged', ['--privileged'], ['--read-only'], '"--privileged"', 'error'],
  ['--cap-add=ALL', ['--cap-add=ALL'], ['--cap-drop=ALL'], '"--cap-add=ALL"', 'error'],
  ['--cap-add SYS_ADMIN', ['--cap-add', 'SYS_ADMIN'], ['--cap-add', 'NET_BIND_SERVICE'], '"--cap-add",\n    "SYS_ADMIN"', 'error'],
  ['--pid=host', ['--pid=host'], ['--pids-limit=100'], '"--pid=host"', 'error'],
  ['--network=host', ['--network=host'], ['--network=none'], '"--network=host"', 'warning'],
  ['--net host', ['--net', 'host'], ['--net', 'bridge'], '"--net",\n    "host"', 'warning'],
  ['-v /:/host', ['-v', '/:/host'], ['-v', '/home/dev/project:/project'], '"-v",\n    "/:/host"', 'error'],
  ['docker socket', ['-v', '/var/run/docker.sock:/var/run/docker.sock'], ['-v', '/home/dev/data:/data'], '"-v",\n    "/var/run/docker.sock:/var/run/docker.sock"', 'error'],
  ['--volume=$HOME', ['--volume=$HOME:/root'], ['--volume=$HOME/projects/app:/app'], '"--volume=$HOME:/root"', 'warning'],
  ['~ mount', ['-v', '~:/home'], ['-v', '~/notes:/notes:ro'], '"-v",\n    "~:/home"', 'warning'],
  ['~/.ssh mount', ['-v', '~/.ssh:/root/.ssh:ro'], ['-v', '~/code:/code'], '"-v",\n    "~/.ssh:/root/.ssh:ro"', 'warning'],
  ['/etc mount', ['-v', '/etc:/host-etc:ro'], ['-v', '/etc/localtime:/etc/localtime:ro'], '"-v",\n    "/etc:/host-etc:ro"', 'warning'],
  ['--mount bind of /', ['--mount', 'type=bind,source=/,target=/host'], ['--mount', 'type=volume,source=data,target=/data'], '"--mount",\n    "type=bind,source=/,target=/host"', 'error'],
  ['seccomp=unconfined', ['--security-opt', 'seccomp=unconfined'], ['--security-opt', 'no-new-privileges'], '"--security-opt",\n    "seccomp=unconfined"', 'error'],
];

describe('docker-host-access', () => {
  for (const [title, bad, good, text, severity] of twins) {
    it(`${title}: flagged at the option, its twin is not`, () => {
      const vulnerable = checkEntry(dockerHostAccess, { command: 'docker', args: [...base, ...bad, image] });
      const finding = assertOneAt(vulnerable.server, vulnerable.findings, text);
      assert.equal(finding.severity, severity);
      assert.equal(finding.data?.kind, 'docker-host-access');
      assert.deepEqual(checkEntry(dockerHostAccess, { command: 'docker', args: [...base, ...good, image] }).findings, [], title);
    });
  }

  it('works for podman and explains the consequence', () => {
    const { findings } = checkEntry(dockerHostAccess, { command: 'podman', args: ['run', '--privileged', image] });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /podman run --privileged/);
    assert.match(findings[0]!.message, /controls the host/);
  });

  it('ignores the same words after the image (they are the server\'s own arguments)', () => {
    assert.deepEqual(checkEntry(dockerHostAccess, { command: 'docker', args: ['run', '-i', image, '--privileged', '-v', '/:/x'] }).findings, []);
  });

  it('recognises combined short flags before a value flag (-it -v)', () => {
    const { server, findings } = checkEntry(dockerHostAccess, { command: 'docker', args: ['run', '-it', '-v', '/:/mnt', image] });
    assertOneAt(server, findings, '"-v",\n    "/:/mnt"');
  });

  it('classifies mount sources', () => {
    assert.equal(sensitiveMount('/')?.severity, 'error');
    assert.equal(sensitiveMount('C:\\')?.severity, 'error');
    assert.equal(sensitiveMount('/home/alice')?.severity, 'warning');
    assert.equal(sensitiveMount('/Users/alice/.aws')?.severity, 'warning');
    assert.equal(sensitiveMount('/Users/alice/src/app'), undefined);
    assert.equal(sensitiveMount('/srv/data'), undefined);
  });
});
