import { readFileSync } from 'node:fs';
import { scanTool, scanText } from '../src/core/detect/engine.js';
import { defaultClassifier } from '../src/core/detect/classifier/default-classifier.js';
const [file, needle, rule] = process.argv.slice(2);
for (const line of readFileSync(file!, 'utf8').split('\n')) {
  if (!line.includes(needle!)) continue;
  const r = JSON.parse(line);
  const res = r.tool ? scanTool(r.tool, { kind: 'description' }) : scanText(r.text, { kind: 'response', classifier: process.argv.includes('--clf') ? defaultClassifier() : undefined });
  for (const f of res.findings) if (!rule || rule === '-' || f.rule === rule) console.log(r.id, f.rule, f.severity, f.path, JSON.stringify((f.path === 'text' ? r.text : r.tool?.description ?? '').slice(f.span[0], f.span[1])).slice(0, 200));
}
