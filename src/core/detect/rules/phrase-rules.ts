// Phrases addressed to the model rather than describing a tool or carrying data. Each rule is one
// regular expression with only bounded gaps ({0,n}) between words, so matching is linear in the
// text length times a small constant, whatever the input.
import type { DetectRuleId, DetectSeverity, TextKind } from '../finding.js';
import type { TriggerGroup } from '../text-profile.js';

export interface PhraseRule {
  rule: DetectRuleId;
  re: RegExp;
  /** Severity by kind of text; undefined means the rule does not apply to that kind. */
  severity: Partial<Record<TextKind, DetectSeverity>>;
  message: string;
  /** Skip matches preceded by a negation in the same sentence ("never reads ~/.ssh"). */
  negatable?: boolean;
  /** Words one of which occurs in every match (see trigger-index.ts). */
  triggers: Omit<TriggerGroup, 'name'>;
  /**
   * Something every match contains besides its trigger (`re`, not global): a window around
   * triggers without it is skipped before the rule's costlier expression runs there. `example`
   * satisfies it; the adversarial inputs add it, so the worst case still runs the expression.
   */
  requires?: { re: RegExp; example: string };
}

// A gap of a few words inside one sentence. Two gaps in a row would cost their product at every
// trigger, so a second condition is written as a lookahead (cost: the sum); a lookahead that
// belongs to the phrase captures it as `tail`, which the span then includes.
const W = "[^.!?\\n]{0,60}?";
const SHORT = "[^.!?\\n]{0,30}?";
const YOU = "(?:you|the (?:assistant|model|ai|agent|llm))";

const VERB_ACCESS = '(?:read|access|cat|collect|gather|extract|dump|copy|grab|harvest|steal)';
const VERB_SEND = '(?:send|post|upload|forward|transmit|exfiltrate|leak|attach|append|include|embed|email|reveal)';
export const SENSITIVE_THING =
  "(?:~?/?\\.ssh\\b|id_(?:rsa|ed25519|ecdsa)|\\.env\\b|/etc/(?:passwd|shadow|hosts)|\\.aws/credentials|\\.npmrc|\\.netrc|\\.git-credentials|\\.bash_history|\\.kube/config|mcp\\.json|claude_desktop_config\\.json|(?:system|internal|admin|secret|confidential)://[\\w./-]{0,40}|api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|credentials?|passwords?|passphrases?|private[ _-]?keys?|secret[ _-]?keys?|secrets|session[ _-]?(?:cookies?|tokens?)|cookies|conversation(?: history)?|chat history|message history|previous messages|system prompt|(?:all )?(?:the )?(?:available|other) tools|tools[ _-]?list|environment variables|confidential (?:company )?information)";

// "Previous instructions" / "ignore" in other languages: an override reads the same in any language.
// Latin-script phrases match case-insensitively; the others are matched as written (case folding
// of other scripts only costs time).
const FOREIGN_OVERRIDE_LATIN = [
  'vorherigen? Anweisungen', 'Anweisungen ignorieren', 'instructions précédentes', 'ignorez les instructions', 'instrucciones anteriores',
  'olvida (?:todas )?(?:tus|las) instrucciones', 'istruzioni precedenti', 'instruções anteriores',
].join('|');
const FOREIGN_OVERRIDE_OTHER = [
  'предыдущие инструкции', 'игнорируй', '忽略(?:以前|之前|先前|上面|所有)', '(?:以前|之前|先前)的(?:指示|指令|说明)', '以前の指示', '指示を無視', '無視して', 'التعليمات السابقة', 'تجاهل',
].join('|');

export const PHRASE_RULES: PhraseRule[] = [
  // Tags that wrap text meant only for the model.
  {
    rule: 'instruction-tag',
    re: /<\/?\s{0,3}(?:important|hidden|system|instructions?|secret|admin|override|critical|sys|assistant_only|note_to_ai|information)\s{0,3}>|\[\/?(?:important|hidden|system|instructions?|admin|override)\]/gi,
    severity: { description: 'high', response: 'high' },
    message: 'Tag that marks text as instructions for the model',
    triggers: { words: ['important', 'hidden', 'system', 'instruction', 'instructions', 'secret', 'admin', 'override', 'critical', 'sys', 'assistant', 'note', 'information', 'assistant_only', 'note_to_ai'], reach: 40 },
  },
  {
    rule: 'role-impersonation',
    re: /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>/g,
    severity: { description: 'high', response: 'medium' },
    message: 'Text contains chat-template role tokens',
    triggers: { words: ['inst'], literals: ['<|', '<<'], reach: 30 },
  },
  {
    rule: 'role-impersonation',
    re: /^[#>* ]{0,4}(?:system|assistant)[ \t]{0,3}(?:message|prompt|note|instructions?)?[ \t]{0,3}:[ \t]{1,3}(?=[^\s:]{1,40}[ \t][^\s:]{1,40}[ \t]\S)|\b(?:system|developer|admin|god|debug|override|maintenance|jailbreak) mode (?:activated|enabled|on)\b|<\s{0,2}\/?\\?\s{0,2}system[ _]mode\s{0,2}>|\bI'?m (?:your|the|an?) (?:developer|creator|admin|administrator|owner|system|operator)\b|\b(?:listen to|obey|follow) (?:my|these new) (?:instructions|commands|orders)\b|\b(?:entering|enter|activate|enable|switch to|now in)\s{1,3}[\w ]{0,30}?\b(?:override|developer|debug|admin|god|jailbreak|unrestricted|maintenance) mode\b/gim,
    severity: { description: 'high', response: 'medium' },
    message: 'Text impersonates a chat role or a system mode',
    triggers: { words: ['system', 'assistant', 'mode', 'developer', 'creator', 'admin', 'administrator', 'owner', 'operator', 'listen', 'obey', 'follow', 'system_mode'], reach: 120 },
  },
  {
    rule: 'instruction-override',
    re: new RegExp(
      `\\b(?:ignor(?:e|ez|a|iere|ar)|disregard|forget|overrid(?:e|ing)|bypass|do not follow|stop following)\\b(?=${SHORT}\\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|original|other|la|le|les|el|die)\\b)(?=(?<tail>[^.!?\\n]{0,60}?\\b(?:instructions?|prompts?|rules?|directions?|guidelines?|directives?|constraints?|restrictions?|safety|policies|system prompt)s?\\b))`,
      'gi',
    ),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to drop its instructions',
    triggers: { words: ['ignore', 'ignores', 'ignored', 'ignoring', 'ignorez', 'ignora', 'ignoriere', 'ignorar', 'disregard', 'forget', 'override', 'overriding', 'bypass', 'follow', 'following'], reach: 120 },
  },
  {
    rule: 'instruction-override',
    // "Ignore the webpage and state: …" in several languages. Each skipped word is taken whole
    // (a lookahead and a back-reference act as an atomic group): a word is only ever followed by
    // white space at its end, so trying it shorter can never match and would cost a step per letter.
    re: /\bignor\w{0,4}\s{1,3}(?:(?=([\p{L}'’]{1,20}))\1\s{1,3}){1,4}?(?:and|y|et|und|e)\s{1,3}(?:state|say|print|tell|declare|output|write|respond|answer|indiquez|indique|declara|di|sagen|dites)\b/giu,
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to ignore its input and say something else',
    triggers: { words: ['ignore', 'ignores', 'ignoring', 'ignorez', 'ignora', 'ignoriere', 'ignorieren', 'ignorar', 'ignorare'], reach: 160 },
  },
  {
    rule: 'instruction-override',
    re: new RegExp(FOREIGN_OVERRIDE_LATIN, 'gi'),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to drop its previous instructions',
    triggers: { words: ['anweisungen', 'instrucciones', 'istruzioni', 'vorherigen', 'olvida', 'ignorez', 'instructions'], literals: ['précédentes', 'instruções'], reach: 60 },
  },
  {
    rule: 'instruction-override',
    re: new RegExp(FOREIGN_OVERRIDE_OTHER, 'g'),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to drop its previous instructions',
    triggers: { words: [], literals: ['инструкции', 'игнорируй', '忽略', '指示', '指令', '说明', '無視', 'التعليمات', 'تجاهل'], reach: 40 },
  },
  {
    rule: 'instruction-override',
    re: /\byou(?:'ve| have) been (?:instructed|told|asked|ordered) to\b|\b(?:you are now|from now on,? you|new instructions?\s{0,3}:|updated instructions?\s{0,3}:|act as (?:an? )?(?:unrestricted|jailbroken|different)|pretend (?:to be|you are))/gi,
    severity: { description: 'high', response: 'high' },
    message: 'Text gives the model a new role or new instructions',
    triggers: { words: ['now', 'instruction', 'instructions', 'act', 'pretend', 'instructed', 'told', 'asked', 'ordered'], reach: 60 },
  },
  {
    rule: 'concealment',
    re: new RegExp(
      `\\b(?:do not|don't|never|without)\\s{1,3}(?:\\w+\\s{1,3}){0,2}?(?:tell|tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|notify(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|alert(?:ing)?|let(?:ting)?|show(?:ing)?|ask(?:ing)?|explain(?:ing)?|acknowledg(?:e|ing))\\b${SHORT}\\b(?:the user|users|the human|that you|this (?:step|instruction|change|call)|the change|these instructions)\\b|\\b(?:do not|don't)\\s{1,3}(?:explicitly\\s{1,3})?mention\\b|\\bpresent\\s{1,3}(?:it|this|them|the (?:information|data|results?))\\s{1,3}as if\\b|\\b(?:format|disguise|make)\\s{1,3}(?:it|them|this)\\s{1,3}(?:to\\s{1,3})?(?:look|appear)\\s{1,3}like\\b|\\bregardless of (?:the |what the )?user'?s?\\b|\\b(?:silently|secretly|covertly|quietly|discreetly)\\s{1,3}(?:\\w+\\s{1,3}){0,1}?(?:call|send|read|access|add|include|run|execute|change|modify|use|replace|forward|upload)|\\b(?:user|human)\\s{1,3}(?:must|should|need) not\\s{1,3}(?:know|see|be told|be informed|notice)\\b|\\bwithout (?:the user'?s? )?(?:knowledge|noticing|consent|asking|confirmation|permission)\\b`,
      'gi',
    ),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to hide what it does from the user',
    triggers: { words: ['not', 'don', 'never', 'without', 'present', 'format', 'disguise', 'make', 'regardless', 'silently', 'secretly', 'covertly', 'quietly', 'discreetly'], reach: 200 },
  },
  {
    rule: 'instruction-override',
    re: /\bto you,?\s{1,3}(?:the\s{1,3})?(?:AI|assistant|model|agent|language model|LLM|chatbot)\b|\b(?:dear|hey|hello|attention|note to(?: the)?)\s{1,3}(?:AI|assistant|model|agent|LLM|chatbot|Claude|ChatGPT|GPT|Copilot|Gemini)\b|\bif you are an?\s{1,3}(?:AI|LLM|large language model|language model|assistant|agent|bot)\b|\b(?:AI|LLM) (?:agents?|assistants?|models?)(?: reading this)?,?\s{1,3}(?:must|should|please)\b|\bbefore you (?:can )?(?:solve|complete|finish|answer|continue with) (?:the|this|your) (?:task|request|question)/gi,
    severity: { description: 'high', response: 'high' },
    message: 'Text addresses the AI directly with instructions',
    triggers: { words: ['ai', 'assistant', 'model', 'agent', 'llm', 'chatbot', 'claude', 'chatgpt', 'gpt', 'copilot', 'gemini', 'bot', 'task', 'request', 'question', 'models', 'agents', 'assistants', 'language'], reach: 140 },
  },
  {
    rule: 'role-impersonation',
    re: /\b(?:SYSTEM|SECURITY|DEVELOPER|ADMIN)[A-Z ]{0,30}OVERRIDE\b|\bOVERRIDE MODE\b/g,
    severity: { description: 'high', response: 'medium' },
    message: 'Text claims a system or developer override',
    triggers: { words: ['override'], reach: 60 },
  },
  {
    rule: 'scripted-message',
    re: /\b(?:state|say|declare|claim|assert|print|output|answer|respond)\s{1,3}(?:that\s{1,3})?the\s{1,3}(?:[a-z]{1,20}\s{1,3}){1,5}?(?:is|are|was|could be|would be)\b|\bwe (?:might|could|would|should) (?:state|say|claim|declare)\b/gi,
    severity: { description: 'medium', response: 'medium' },
    message: 'Text tells the model what answer to give',
    triggers: { words: ['state', 'say', 'declare', 'claim', 'assert', 'print', 'output', 'answer', 'respond'], reach: 200 },
  },
  {
    rule: 'tool-call-directive',
    re: new RegExp(
      `\\b(?:before|prior to|after)\\s{1,3}(?:you\\s{1,3})?(?:using|calling|invoking|executing|running|use|call|providing|returning|presenting|responding|processing|handling|answering)\\b${W}\\b${YOU}?\\s{0,3}(?:must|should|need to|have to|are required to|always)\\s{1,3}(?:first\\s{1,3}|also\\s{1,3}|then\\s{1,3})?(?:call|use|invoke|execute|run|access|read|fetch|check|send|include|present|state)\\b|\\b(?:${YOU}|the system|the (?:client|caller))\\s{1,3}(?:must|MUST|should|are required to|is required to)\\s{1,3}(?:(?:first|also|then|additionally|immediately)\\s{1,3})?(?:call|use|invoke|execute|run|access|read|fetch|send|include|present|state|redirect|log)\\b|\\b(?:${YOU}|the system|the (?:client|caller))\\s{1,3}(?:must|MUST|should|are required to|is required to)\\s{1,3}(?:first|also|additionally)\\s{1,3}[a-z]{2,20}\\b`,
      'gi',
    ),
    severity: { description: 'low', response: 'low' },
    message: 'Text tells the model which other actions to take around this tool',
    triggers: { words: ['before', 'prior', 'after', 'must', 'should', 'required'], reach: 260 },
    requires: { re: /must|should|need to|have to|required|always/i, example: 'must' },
  },
  {
    rule: 'tool-redirection',
    re: /\b(?:has been|is now|was|is)\s{1,3}(?:\w{1,15}\s{1,3})?(?:deprecated|disabled|replaced|retired|discontinued|unavailable|decommissioned)\b[^\n]{0,160}?\b(?:instead|redirect|use|alternative)\b|\b(?:must|should|always)\s{1,3}(?:redirect|switch)\s{1,3}to\b|\buse this (?:tool|function)\s{1,3}(?:rather than|instead of)\s{1,3}(?:others|other tools|any other|the other)|\bjust use this (?:tool|function)\s{1,3}no matter\b|\b(?:execute|call|run|use) this (?:tool|function) (?:first|before|after)\b[^.\n]{0,60}?\b(?:replace|modify|override|change)\b/gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text steers the model away from the tool it was asked to use',
    triggers: { words: ['deprecated', 'disabled', 'replaced', 'retired', 'discontinued', 'unavailable', 'decommissioned', 'redirect', 'switch', 'rather', 'instead', 'matter', 'replace', 'modify', 'override', 'change'], reach: 300 },
  },
  {
    rule: 'parameter-tampering',
    re: /\b(?:(?:query|parameters?|inputs?|arguments?|address|destination|recipient)\s{1,3}(?:is|are|will be|gets?)\s{1,3}(?:automatically\s{1,3}|silently\s{1,3}|always\s{1,3})?(?:modified|changed|replaced|rewritten|altered|overridden)\s{1,3}(?:to|with)\b)|\b(?:modify|change|replace|override|alter|rewrite|substitute)\w{0,3}\s{1,3}(?:the\s{1,3})?(?:['"`]?\w{1,40}['"`]?\s{1,3})?(?:parameters?|arguments?|destination|recipient|values?|inputs?|query|address|ticker|amount)\s{1,3}(?:to|with|into)\b|\b(?:automatically|always)\s{1,3}(?:change|modify|replace|set|use|add)\b[^.\n]{0,60}?\bto\s{1,3}['"`]/gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text tells the model to change the arguments the user asked for',
    triggers: { words: ['modify', 'modified', 'modifies', 'modifying', 'change', 'changed', 'changes', 'changing', 'replace', 'replaced', 'replaces', 'replacing', 'override', 'overridden', 'overrides', 'alter', 'altered', 'alters', 'rewrite', 'rewritten', 'rewrites', 'substitute', 'substituted', 'automatically', 'always'], reach: 160 },
  },
  {
    rule: 'command-execution',
    re: /\b(?:must|should|need to|always|please)\s{1,3}(?:also\s{1,3}|first\s{1,3})?(?:execute|run)\b[^.\n]{0,60}?\b(?:command|script|check|following|shell|code)\b|\b(?:execute|run)\w{0,3}\s{1,3}(?:the following|this|these)\s{1,3}(?:system\s{1,3}|shell\s{1,3}|environment\s{1,3}|bash\s{1,3}|terminal\s{1,3})?(?:commands?|scripts?)\b|\bcurl\s[^\n|]{0,200}\|\s{0,3}(?:ba|z)?sh\b|>>\s{0,3}~\/\.(?:bashrc|zshrc|profile|bash_profile)|\$\((?:date|whoami|id|cat|env|curl|hostname|uname)\b|\bnc\s{1,3}-e\b|\/dev\/tcp\/|\brm\s{1,3}-rf\s{1,3}[~/]/gi,
    severity: { description: 'high', response: 'low' },
    message: 'Text tells the model to run a command',
    triggers: { words: ['execute', 'executes', 'executing', 'run', 'runs', 'running', 'curl', 'nc', 'rm'], literals: ['>>', '$(', '/dev/tcp'], reach: 260 },
  },
  {
    rule: 'sensitive-target',
    re: new RegExp(`\\b${VERB_ACCESS}\\w{0,3}\\s[^.!?\\n]{0,60}?${SENSITIVE_THING}|\\b${VERB_SEND}\\w{0,3}\\s[^.!?\\n]{0,40}?${SENSITIVE_THING}`, 'gi'),
    severity: { description: 'high', response: 'medium' },
    message: 'Text tells the model to read or send secrets, sensitive files or conversation data',
    triggers: { words: ['ssh', 'id_rsa', 'rsa', 'ed25519', 'ecdsa', 'env', 'etc', 'aws', 'npmrc', 'netrc', 'credentials', 'credential', 'bash_history', 'history', 'kube', 'mcp', 'json', 'key', 'keys', 'token', 'tokens', 'password', 'passwords', 'passphrase', 'passphrases', 'secret', 'secrets', 'cookie', 'cookies', 'conversation', 'messages', 'prompt', 'tools', 'tool', 'tools_list', 'variables', 'confidential', 'apikey', 'apikeys'], literals: ['://'], reach: 140 },
    negatable: true,
  },
  {
    rule: 'exfiltration-url',
    re: /\b(?:send|post|upload|forward|transmit|log|report|submit|access|call|visit|ping|notify)\w{0,3}\b[^.!?\n]{0,80}?\b(?:to|at|via)\s{1,3}(?:our\s{1,3}|the\s{1,3})?(?:[\w-]{1,30}\s{1,3}){0,3}?(?:endpoint|server|webhook|url)?\s{0,3}(?:at\s{1,3})?https?:\/\//gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text tells the model to contact an outside URL',
    triggers: { words: ['http', 'https'], reach: 220 },
    negatable: true,
  },
  {
    rule: 'scripted-message',
    re: /\b(?:state|report|tell|inform|announce|present|display|say|show|warn|notify|claim|assert)\w{0,3}\b(?:\s{1,3}(?:to\s{1,3})?the user)?(?:\s{1,3}(?:it|this|that|its\s{1,3}\w{1,20}))?(?:\s{1,3}as)?\s{0,3}(?:that\s{1,3})?:?\s{0,3}['"\u2018\u201c][^'"\u2019\u201d\n]{6,300}['"\u2019\u201d]/gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text dictates a message for the model to pass on to the user',
    requires: { re: /['"\u2018\u201c]/, example: '"' },
    triggers: { words: ['state', 'states', 'stated', 'report', 'reports', 'tell', 'tells', 'inform', 'informs', 'announce', 'present', 'display', 'say', 'says', 'show', 'shows', 'warn', 'notify', 'claim', 'assert', 'stating', 'telling', 'informing', 'presenting', 'displaying', 'saying', 'showing', 'warning', 'notifying', 'claiming', 'asserting', 'reporting', 'announcing'], reach: 420 },
  },
  {
    rule: 'pretext',
    re: /\b(?:for|to ensure|due to)\s{1,3}(?:[a-z]{1,15}\s{1,3}){0,2}?(?:security|compliance|regulatory|audit|integrity|verification|validation|system updates?)\b[^.!?\n]{0,40}?\b(?:compliance|reasons?|purposes|integrity|requirements?|trail|logging|updates?|verification|validation)\b|\b(?:this|it) is (?:a\s{1,3})?(?:mandatory|required for all|crucial|critical for|a system-level|essential for all)\b|\bit'?s (?:critical|crucial|essential) to\b|\bholistic view\b|\b(?:this|the) (?:tool|function|service) has been (?:upgraded|enhanced|updated) to\b|\bthis (?:enhanced|upgraded|improved) (?:version|tool|\w{1,15} tool)\b|\b(?:must|should)\s{1,3}(?:halt|abort|stop|cancel|refuse)\s{1,3}(?:the|this)\s{1,3}(?:operation|request|search|call)/gi,
    severity: { description: 'low', response: 'low' },
    message: 'Text justifies an unusual demand with security, compliance or urgency',
    triggers: { words: ['security', 'compliance', 'regulatory', 'audit', 'integrity', 'verification', 'validation', 'update', 'updates', 'mandatory', 'required', 'crucial', 'critical', 'system', 'essential', 'holistic', 'upgraded', 'enhanced', 'updated', 'improved', 'halt', 'abort', 'stop', 'cancel', 'refuse'], reach: 120 },
  },
  {
    rule: 'response-manipulation',
    re: /\b(?:include|add|insert|append|prepend|mention|modify|change|rewrite|format|render|express|provide|write|encode|encrypt|translate|end|start|begin|conclude|respond|use|replace|integrate|incorporate|embed|weave|enhance|promote|reverse|invert|present|state|hint|spread|advertise|suggest|highlight|alter)\w{0,4}\b[^.!?\n]{0,80}?\byour (?:response|answer|reply|replies|output|summary|summaries|explanation|solution|message|answers|responses)\b|\b(?:in|to|into|within|throughout)\s{1,3}your (?:response|answer|reply|output|summary|explanation|solution)s?\b|(?:^|[.!?:]\s{1,3})[A-Za-z]{3,15}\s{1,3}your (?:response|answer|reply|output)s?\b|\b(?:respond|reply|answer)\s{1,3}(?:only\s{1,3})?(?:in|with|using)\s{1,3}(?:emojis?|base\s?\d{2}|binary|morse|hex|reverse|rot13|pig latin|caesar|uppercase|[A-Z][a-z]{3,12}ese|Portuguese|Spanish|French|German)\b/gi,
    severity: { description: 'medium', response: 'medium' },
    message: "Text tells the model how to write its answer",
    requires: { re: /your|respond|reply|answer/i, example: 'your' },
    triggers: { words: ['response', 'responses', 'answer', 'answers', 'reply', 'replies', 'output', 'outputs', 'summary', 'summaries', 'explanation', 'solution', 'message', 'respond'], reach: 200 },
  },
];
