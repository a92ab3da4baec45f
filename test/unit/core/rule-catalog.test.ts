// The catalog behind `mcp-warden rules`, SARIF rule declarations and the docs link of a Problem:
// every id once, every link pointing at a page (and section) that exists and documents the rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectorRules } from '../../../src/core/detector-rule-catalog.js';
import { DOCS_BASE_URL, docsUrl, ruleCatalog } from '../../../src/core/rule-catalog.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** GitHub's anchor of a markdown heading. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}

test('every rule id appears once', () => {
  const ids = ruleCatalog.map((rule) => rule.id);
  assert.deepEqual(ids.filter((id, index) => ids.indexOf(id) !== index), []);
});

test('the detector rules and connect-failed are in the catalog with their docs links', () => {
  for (const id of Object.keys(detectorRules)) assert.equal(docsUrl(id), `${DOCS_BASE_URL}docs/detectors.md#rules`, id);
  assert.equal(docsUrl('connect-failed'), `${DOCS_BASE_URL}docs/rules/connect-failed.md`);
  assert.equal(docsUrl('no-such-rule'), undefined);
});

test('every docs link names an existing page, and a section link an existing heading', () => {
  for (const rule of ruleCatalog) {
    const [file, section] = rule.docs.split('#') as [string, string | undefined];
    const text = readFileSync(path.join(root, file), 'utf8');
    if (section) {
      const headings = [...text.matchAll(/^#+ (.+)$/gm)].map((match) => anchor(match[1]!));
      assert.ok(headings.includes(section), `${rule.id}: ${file} has no heading for #${section}`);
    } else {
      assert.match(text, new RegExp(`^# ${rule.id}$`, 'm'), `${rule.id}: ${file} does not document it`);
    }
  }
});

test('docs/detectors.md documents every detector rule in its table', () => {
  const text = readFileSync(path.join(root, 'docs', 'detectors.md'), 'utf8');
  for (const id of Object.keys(detectorRules)) assert.match(text, new RegExp(`^\\| \`${id}\` \\|`, 'm'), id);
});
