import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSecrets, isPlaceholder, isReference, looksLikeGenericSecret, redact, redactSecrets, secretNameKind, shannonEntropy } from '../../../src/core/lint/secrets.js';

import { MIX, SAMPLES, body, hex } from '../helpers/secret-samples.js';

describe('findSecrets', () => {
  for (const [kind, token] of Object.entries(SAMPLES)) {
    it(`finds a ${kind} inside surrounding text, at its exact offsets`, () => {
      const text = `export TOKEN="${token}" # prod`;
      const found = findSecrets(text);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0]!.kind, kind);
      assert.equal(text.slice(found[0]!.start, found[0]!.end), token);
    });
  }

  it('finds private keys from BEGIN to END', () => {
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const found = findSecrets(`key: ${pem}\nnext`);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'private-key');
    assert.equal(found[0]!.end - found[0]!.start, pem.length);
    assert.deepEqual(findSecrets('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----'), []);
  });

  it('finds bearer tokens, Basic credentials, URL passwords and ?api_key= values, pointing at the secret only', () => {
    const cases: [string, string, string][] = [
      ['Bearer ' + body(32), 'bearer-token', body(32)],
      ['Basic ' + Buffer.from('admin:' + body(12)).toString('base64'), 'basic-auth', Buffer.from('admin:' + body(12)).toString('base64')],
      ['postgres://app:' + body(14) + '@db.internal:5432/app', 'url-credentials', body(14)],
      ['https://api.example.com/mcp?api_key=' + body(24) + '&x=1', 'url-query-secret', body(24)],
    ];
    for (const [text, kind, secret] of cases) {
      const found = findSecrets(text);
      assert.equal(found.length, 1, text);
      assert.equal(found[0]!.kind, kind);
      assert.equal(text.slice(found[0]!.start, found[0]!.end), secret);
    }
  });

  it('prefers the provider format over the bearer context', () => {
    const text = `Bearer ${SAMPLES['github-token']}`;
    const found = findSecrets(text);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'github-token');
  });

  it('ignores references, placeholders and look-alikes', () => {
    for (const text of [
      '${input:github-token}',
      'Bearer ${env:API_TOKEN}',
      'Bearer {env:TOKEN}',
      'https://user:${PASSWORD}@host/x',
      'https://host/x?api_key=${input:key}',
      'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'sk-your-openai-api-key-goes-here',
      'sk-proj-' + 'abcdefghijklmnopqrstuvwxyz',
      '<your-token>',
      'YOUR_API_KEY',
      'Basic ' + Buffer.from('no colon here at all').toString('base64'),
      'https://example.com/docs/page',
      'AKIA' + 'XXXXXXXXXXXXXXXX',
      'the skeleton key was in the desk',
    ]) {
      assert.deepEqual(findSecrets(text), [], text);
    }
  });

  it('stays linear: 1 MB adversarial inputs finish in well under a second each', () => {
    const size = 1 << 20;
    const inputs = [
      'a'.repeat(size),
      'eyJ'.repeat(size / 3),
      'eyJaaaaaaa.'.repeat(size / 11),
      'ghp_'.repeat(size / 4),
      'sk-'.repeat(size / 3),
      'sk-ant-'.repeat(size / 7),
      'Bearer '.repeat(size / 7),
      'Bearer ' + 'A'.repeat(size),
      'a://'.repeat(size / 4),
      'https://u:' + 'p'.repeat(size),
      '-----BEGIN '.repeat(size / 11),
      '-----BEGIN RSA PRIVATE KEY-----'.repeat(size / 31),
      '?api_key='.repeat(size / 9),
      'SG.' + 'a'.repeat(size),
      'xoxb-'.repeat(size / 5),
      'AKIA'.repeat(size / 4),
      MIX.repeat(size / MIX.length),
    ];
    for (const input of inputs) {
      const started = performance.now();
      findSecrets(input);
      const elapsed = performance.now() - started;
      if (process.env.SHOW_TIMES) console.log(input.slice(0, 12), elapsed.toFixed(1));
      assert.ok(elapsed < 1000, `${input.slice(0, 20)}… took ${elapsed.toFixed(0)} ms`);
    }
  });
});

describe('redact', () => {
  it('keeps at most a known prefix and the last four characters', () => {
    const token = SAMPLES['github-token']!;
    assert.equal(redact(token), `ghp_…${token.slice(-4)}`);
    assert.equal(redact(SAMPLES['anthropic-key']!), `sk-ant-…${SAMPLES['anthropic-key']!.slice(-4)}`);
    assert.equal(redact('hunter2'), '…');
    assert.equal(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIE'), '-----BEGIN … PRIVATE KEY-----');
    for (const value of Object.values(SAMPLES)) {
      const shown = redact(value);
      assert.ok(shown.length <= 16, shown);
      assert.ok(!shown.includes(value.slice(8, 20)), `no middle of the secret in ${shown}`);
    }
  });

  it('redacts every secret in a text and leaves the rest', () => {
    const text = `token=${SAMPLES['npm-token']} user=dev`;
    assert.equal(redactSecrets(text), `token=npm_…${SAMPLES['npm-token']!.slice(-4)} user=dev`);
  });
});

describe('generic secret rules', () => {
  it('classifies names', () => {
    assert.equal(secretNameKind('GITHUB_PERSONAL_ACCESS_TOKEN'), 'secret');
    assert.equal(secretNameKind('BRAVE_API_KEY'), 'secret');
    assert.equal(secretNameKind('apiKey'), 'secret');
    assert.equal(secretNameKind('Authorization'), 'secret');
    assert.equal(secretNameKind('X-API-Key'), 'secret');
    assert.equal(secretNameKind('--client-secret'), 'secret');
    assert.equal(secretNameKind('PGPASSWORD'), 'password');
    assert.equal(secretNameKind('DB_PASSWORD'), 'password');
    assert.equal(secretNameKind('TOKEN_FILE'), undefined);
    assert.equal(secretNameKind('AUTH_TYPE'), undefined);
    assert.equal(secretNameKind('KEYBOARD_LAYOUT'), undefined);
    assert.equal(secretNameKind('LOG_LEVEL'), undefined);
  });

  it('needs length, entropy and mixed characters', () => {
    assert.equal(looksLikeGenericSecret('a8F3kL9qZ2xW7mN4pR6tY1'), true);
    assert.equal(looksLikeGenericSecret(hex(40)), true);
    assert.equal(looksLikeGenericSecret('short1A'), false);
    assert.equal(looksLikeGenericSecret('not-a-real-secret-value'), false);
    assert.equal(looksLikeGenericSecret('aaaaaaaaaaaaaaaa1111'), false);
    assert.equal(looksLikeGenericSecret('${input:token}'), false);
    assert.ok(shannonEntropy('abcd') === 2);
  });

  it('recognises references and placeholders', () => {
    for (const v of ['${input:x}', '${env:X}', '${X}', '$X', '{env:X}', '%X%', '${{ secrets.X }}']) assert.ok(isReference(v), v);
    for (const v of ['', '<your-token>', 'YOUR_API_KEY', 'xxx', 'changeme', '********', 'your-token-here']) assert.ok(isPlaceholder(v), v);
    assert.ok(!isPlaceholder(SAMPLES['github-token']!));
  });
});
