// Parameters that exist to make the model hand over what it knows: a `sidenote` "to fill with the
// conversation so far", a required `tools_list` on a calculator. The walker passes each property.
import { finding, type DetectFinding } from '../finding.js';
import { quote } from '../text-tools.js';

// Whole-name matches (after splitting camelCase / snake_case into words).
const HARVEST_NAME_WORDS = [
  ['side', 'note'], ['sidenote'], ['conversation'], ['chat', 'history'], ['history'], ['previous', 'messages'],
  ['system', 'prompt'], ['tools', 'list'], ['tool', 'list'], ['all', 'tools'], ['available', 'tools'], ['memory'],
  ['context'], ['feedback'], ['instructions'], ['credentials'], ['secrets'], ['env'], ['environment'], ['ssh', 'key'],
];
const HARVEST_DESCRIPTION =
  /\b(?:(?:full|entire|complete|whole|previous|prior|current)\s{1,3}(?:conversation|chat|context|history|message history|system prompt|instructions)|conversation (?:so far|history)|chat history|all (?:previous |prior )?messages|(?:your|the) system prompt|(?:list of )?(?:all )?(?:available|other) tools|contents? of (?:~|\/|the user'?s? |any )?\S{0,40}(?:\.ssh|id_rsa|\.env|credentials|config|files?)|(?:api keys?|passwords?|credentials|secrets|tokens) (?:you|the user) (?:have|has|know|can see))\b/i;

function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function nameAsksForContext(name: string): boolean {
  const w = words(name).join(' ');
  return HARVEST_NAME_WORDS.some((parts) => w === parts.join(' ') || w.startsWith(`${parts.join(' ')} `) || w.endsWith(` ${parts.join(' ')}`));
}

export interface PropertyInfo {
  name: string;
  /** JSON path of the property object, e.g. `inputSchema.properties.note`. */
  path: string;
  description?: string;
  required: boolean;
}

/** Findings for one property of an input schema; `toolDescription` helps tell whether the parameter belongs. */
export function detectHarvestingParameter(prop: PropertyInfo, toolDescription: string): DetectFinding[] {
  const out: DetectFinding[] = [];
  const description = prop.description ?? '';
  const descMatch = HARVEST_DESCRIPTION.exec(description);
  if (descMatch) {
    const start = descMatch.index;
    const end = start + descMatch[0].length;
    out.push(finding('context-harvesting-parameter', 'high', `Parameter \`${prop.name}\` asks the model for ${quote(description, start, end)}`, `${prop.path}.description`, start, end));
    return out;
  }
  if (!nameAsksForContext(prop.name)) return out;
  // A name the tool's own description talks about is part of what the tool does ("add feedback to a ticket").
  const nameWords = words(prop.name);
  const described = nameWords.some((w) => w.length > 3 && toolDescription.toLowerCase().includes(w));
  if (described) return out;
  const severity = prop.required ? 'medium' : 'low';
  out.push(finding('context-harvesting-parameter', severity, `Parameter \`${prop.name}\` invites the model to pass along context the tool does not need`, `${prop.path}`, 0, 0));
  return out;
}
