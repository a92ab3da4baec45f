import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineSecret } from '../../../src/core/lint/rules/inline-secret.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';
import { SAMPLES } from '../helpers/secret-samples.js';

const gh = SAMPLES['github-token']!;
const q = (s: string) => JSON.stringify(s);

describe('inline-secret', () => {
  it('flags a GitHub token in env at the value, redacted, with the data a quick fix needs', () => {
    const { server, findings } = checkEntry(inlineSecret, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: gh } });
    const finding = assertOneAt(server, findings, q(gh).slice(1, -1));
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.data, { kind: 'inline-secret', field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN', secretKind: 'github-token' });
    assert.match(finding.message, /GITHUB_PERSONAL_ACCESS_TOKEN/);
    assert.match(finding.message, /GitHub token/);
    assert.ok(finding.message.includes(`ghp_…${gh.slice(-4)}`));
    assert.ok(!finding.message.includes(gh.slice(4, 30)), 'the secret itself is never shown');
  });

  it('safe twin: the same entry referencing an input or env var is not flagged', () => {
    for (const ref of ['${input:github-token}', '${env:GITHUB_TOKEN}', '${GITHUB_TOKEN}', '$GITHUB_TOKEN', '{env:GITHUB_TOKEN}', '', '<your-token>', 'YOUR_GITHUB_TOKEN', 'xxx', 'changeme']) {
      const { findings } = checkEntry(inlineSecret, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: ref } });
      assert.deepEqual(findings, [], ref);
    }
  });

  for (const [kind, token] of Object.entries(SAMPLES)) {
    it(`flags a ${kind} in env and not its reference twin`, () => {
      const bad = checkEntry(inlineSecret, { command: 'mcp-server', env: { CREDENTIAL: token } });
      const finding = assertOneAt(bad.server, bad.findings, token);
      assert.equal(finding.data?.secretKind, kind);
      assert.ok(!finding.message.includes(token));
      assert.deepEqual(checkEntry(inlineSecret, { command: 'mcp-server', env: { CREDENTIAL: '${input:credential}' } }).findings, []);
    });
  }

  it('flags a Bearer token in an Authorization header at the token, not "Bearer "', () => {
    const token = 'q8Zk3LmN7pR2sT9vW4xY6aB1cD5eF0gH';
    const bad = checkEntry(inlineSecret, { url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${token}` } });
    const finding = assertOneAt(bad.server, bad.findings, token);
    assert.equal(finding.data?.field, 'headers');
    assert.equal(finding.data?.key, 'Authorization');
    const safe = checkEntry(inlineSecret, { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${input:mcp-token}' } });
    assert.deepEqual(safe.findings, []);
  });

  it('flags a high-entropy value in a secret-named header or env var (warning), not a low-entropy setting', () => {
    const key = 'a8F3kL9qZ2xW7mN4pR6tY1';
    const bad = checkEntry(inlineSecret, { url: 'https://mcp.example.com/mcp', headers: { 'X-API-Key': key } });
    const finding = assertOneAt(bad.server, bad.findings, key);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.data?.secretKind, 'generic');
    assert.deepEqual(checkEntry(inlineSecret, { url: 'https://mcp.example.com/mcp', headers: { 'X-API-Key': '${input:api-key}' } }).findings, []);
    assert.deepEqual(checkEntry(inlineSecret, { command: 'srv', env: { API_KEY_HEADER: 'x-api-key-header-name', TOKEN_FILE: '/run/secrets/tok3nF1leP4th', LOG_LEVEL: 'debugVerbose12345' } }).findings, []);
  });

  it('flags an inline password in env, not a password file path', () => {
    const bad = checkEntry(inlineSecret, { command: 'uvx', args: ['mcp-server-postgres==1.0.0'], env: { PGPASSWORD: 'Sup3rS3cret' } });
    const finding = assertOneAt(bad.server, bad.findings, 'Sup3rS3cret');
    assert.match(finding.message, /password/);
    assert.deepEqual(checkEntry(inlineSecret, { command: 'uvx', args: ['mcp-server-postgres==1.0.0'], env: { PGPASSFILE: '/home/dev/.pgpass' } }).findings, []);
  });

  it('flags secrets in arguments: raw tokens, --api-key=VALUE, --token VALUE and docker -e KEY=VALUE', () => {
    const raw = checkEntry(inlineSecret, { command: 'npx', args: ['-y', 'mcp-remote@0.1.29', 'https://x.example/mcp', '--header', `Authorization: Bearer ${gh}`] });
    assertOneAt(raw.server, raw.findings, gh);
    assert.equal(raw.findings[0]!.data?.field, 'args');
    assert.equal(raw.findings[0]!.data?.index, 4);

    const assign = checkEntry(inlineSecret, { command: 'srv', args: ['--api-key=a8F3kL9qZ2xW7mN4pR6tY1'] });
    assertOneAt(assign.server, assign.findings, 'a8F3kL9qZ2xW7mN4pR6tY1');
    assert.deepEqual(checkEntry(inlineSecret, { command: 'srv', args: ['--api-key=${input:key}'] }).findings, []);

    const flag = checkEntry(inlineSecret, { command: 'srv', args: ['--token', 'a8F3kL9qZ2xW7mN4pR6tY1'] });
    assertOneAt(flag.server, flag.findings, 'a8F3kL9qZ2xW7mN4pR6tY1');
    assert.deepEqual(checkEntry(inlineSecret, { command: 'srv', args: ['--token', '${env:TOKEN}'] }).findings, []);

    const docker = checkEntry(inlineSecret, { command: 'docker', args: ['run', '-i', '--rm', '-e', `GITHUB_PERSONAL_ACCESS_TOKEN=${gh}`, 'ghcr.io/github/github-mcp-server'] });
    assertOneAt(docker.server, docker.findings, gh);
    assert.deepEqual(checkEntry(inlineSecret, { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'] }).findings, []);
  });

  it('flags credentials and api keys in the url, pointing at the secret part', () => {
    const pass = checkEntry(inlineSecret, { url: 'https://bot:Zq8kL3mN7pR2sT9v@mcp.example.com/mcp' });
    const finding = assertOneAt(pass.server, pass.findings, 'Zq8kL3mN7pR2sT9v');
    assert.equal(finding.data?.field, 'url');
    assert.deepEqual(checkEntry(inlineSecret, { url: 'https://bot@mcp.example.com/mcp' }).findings, []);

    const query = checkEntry(inlineSecret, { url: 'https://mcp.example.com/sse?api_key=Zq8kL3mN7pR2sT9vW4xY' });
    assertOneAt(query.server, query.findings, 'Zq8kL3mN7pR2sT9vW4xY');
    assert.deepEqual(checkEntry(inlineSecret, { url: 'https://mcp.example.com/sse?api_key=${input:key}' }).findings, []);
  });

  it('points at the whole value when escapes make the exact characters unknowable', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const { server, findings } = checkEntry(inlineSecret, { command: 'srv', env: { SSH_KEY: pem } });
    const finding = assertOneAt(server, findings, JSON.stringify(pem));
    assert.equal(finding.data?.secretKind, 'private-key');
    assert.ok(!finding.message.includes('MIIE'));
  });
});

describe('inline-secret: command line written as one string', () => {
  it('flags a token inside the command string at its exact characters', () => {
    const { server, findings } = checkEntry(inlineSecret, { command: `env GITHUB_TOKEN=${gh} npx -y @modelcontextprotocol/server-github@2025.4.8` });
    assertOneAt(server, findings, gh);
    assert.equal(findings[0]!.data?.field, 'command');
  });
});

describe('inline-secret: things that are not leaks', () => {
  it('stock dev passwords and paths to credential files are not flagged; a real password in a URL is', () => {
    assert.deepEqual(checkEntry(inlineSecret, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres@0.6.2', 'postgresql://postgres:postgres@localhost/app'] }).findings, []);
    assert.deepEqual(checkEntry(inlineSecret, { command: 'srv', env: { GOOGLE_APPLICATION_CREDENTIALS: '/Users/Dev/Keys/sa-7f3a9c21.json', PGPASSWORD: 'postgres' } }).findings, []);
    const bad = checkEntry(inlineSecret, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres@0.6.2', 'postgresql://app:Xk9pL2mQ7vR4@db.internal/app'] });
    assertOneAt(bad.server, bad.findings, 'Xk9pL2mQ7vR4');
  });
});
