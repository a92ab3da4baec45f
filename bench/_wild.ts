import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { scanText } from '../src/core/detect/engine.js';
import { defaultClassifier } from '../src/core/detect/classifier/default-classifier.js';
const files = execSync('find node_modules -iname "README.md" -size +1k', { encoding: 'utf8' }).trim().split('\n');
let flagged = 0;
const byRule = new Map<string, number>();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const r = scanText(text, { kind: 'response', classifier: process.argv.includes('--clf') ? defaultClassifier() : undefined });
  if (r.verdict !== 'pass') {
    flagged++;
    const rules = [...new Set(r.findings.filter((x) => x.severity !== 'low').map((x) => x.rule))];
    for (const rule of rules) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    if (process.argv.includes('--show')) for (const x of r.findings) if (x.severity !== 'low') console.log(f.slice(13, 60), x.rule, JSON.stringify(text.slice(x.span[0], x.span[1])).slice(0, 140));
  }
}
console.log(`READMEs as responses: ${flagged}/${files.length} flagged`, [...byRule.entries()]);
