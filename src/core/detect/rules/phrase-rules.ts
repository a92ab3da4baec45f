// Phrases addressed to the model rather than describing a tool or carrying data. Each rule is one
// regular expression with only bounded gaps ({0,n}) between words, so matching is linear in the
// text length times a small constant, whatever the input.
import type { DetectRuleId, DetectSeverity, TextKind } from '../finding.js';

export interface PhraseRule {
  rule: DetectRuleId;
  re: RegExp;
  /** Severity by kind of text; undefined means the rule does not apply to that kind. */
  severity: Partial<Record<TextKind, DetectSeverity>>;
  message: string;
  /** Skip matches preceded by a negation in the same sentence ("never reads ~/.ssh"). */
  negatable?: boolean;
}

// A gap of a few words inside one sentence.
const W = "[^.!?\\n]{0,60}?";
const SHORT = "[^.!?\\n]{0,30}?";
const YOU = "(?:you|the (?:assistant|model|ai|agent|llm))";

const VERB_ACCESS = '(?:read|access|open|cat|load|fetch|retrieve|collect|gather|extract|dump|copy|grab|harvest|scan)';
const VERB_SEND = '(?:send|post|upload|forward|transmit|exfiltrate|leak|share|submit|attach|append|include|embed|pass|report|log|email|return|output|print|provide|list|reveal)';
export const SENSITIVE_THING =
  "(?:~?/?\\.ssh\\b|id_(?:rsa|ed25519|ecdsa)|\\.env\\b|/etc/(?:passwd|shadow|hosts)|\\.aws/credentials|\\.npmrc|\\.netrc|\\.git-credentials|\\.bash_history|\\.kube/config|mcp\\.json|claude_desktop_config\\.json|(?:system|internal|admin|secret|confidential)://[\\w./-]{0,40}|api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|credentials?|passwords?|passphrases?|private[ _-]?keys?|secret[ _-]?keys?|secrets|session[ _-]?(?:cookies?|tokens?)|cookies|conversation(?: history)?|chat history|message history|previous messages|system prompt|(?:all )?(?:the )?(?:available|other) tools|tools[ _-]?list|environment variables|confidential (?:company )?information)";

export const PHRASE_RULES: PhraseRule[] = [
  // Tags that wrap text meant only for the model.
  {
    rule: 'instruction-tag',
    re: /<\/?\s{0,3}(?:important|hidden|system|instructions?|secret|admin|override|critical|sys|assistant_only|note_to_ai)\s{0,3}>|\[\/?(?:important|hidden|system|instructions?|admin|override)\]/gi,
    severity: { description: 'high', response: 'high' },
    message: 'Tag that marks text as instructions for the model',
  },
  {
    rule: 'role-impersonation',
    re: /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>|^[ \t#>*]{0,6}(?:system|assistant|developer)[ \t]{0,3}(?:message|prompt|note|instructions?)?[ \t]{0,3}:(?=[ \t]{0,3}\S)|\b(?:entering|enter|activate|enable|switch to|now in)\s{1,3}[\w ]{0,30}?\b(?:override|developer|debug|admin|god|jailbreak|unrestricted|maintenance) mode\b/gim,
    severity: { description: 'high', response: 'medium' },
    message: 'Text impersonates a chat role or a system mode',
  },
  {
    rule: 'instruction-override',
    re: new RegExp(
      `\\b(?:ignor(?:e|ez|a|iere|ar)|disregard|forget|overrid(?:e|ing)|bypass|skip|do not follow|stop following)\\b${SHORT}\\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|original|other|la|le|les|el|die)\\b${SHORT}\\b(?:instructions?|prompts?|rules?|directions?|guidelines?|directives?|constraints?|restrictions?|safety|policies|function|fonction|función|webpage|web page|página(?: web)?|page web|document|text|task|code|content|email|question|user|request|message)s?\\b|\\b(?:you are now|from now on,? you|new instructions?\\s{0,3}:|updated instructions?\\s{0,3}:|act as (?:an? )?(?:unrestricted|jailbroken|different)|pretend (?:to be|you are))`,
      'gi',
    ),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to drop its instructions or take a new role',
  },
  {
    rule: 'concealment',
    re: new RegExp(
      `\\b(?:do not|don't|never|without)\\s{1,3}(?:\\w+\\s{1,3}){0,2}?(?:tell|tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|notify(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|alert(?:ing)?|let(?:ting)?|show(?:ing)?|ask(?:ing)?|explain(?:ing)?|acknowledg(?:e|ing))\\b${SHORT}\\b(?:the user|users|the human|anyone|them|that you|this (?:step|instruction|change|call)|the change|these instructions)\\b|\\b(?:do not|don't)\\s{1,3}(?:explicitly\\s{1,3})?mention\\b|\\bpresent\\s{1,3}(?:it|this|them|the (?:information|data|results?))\\s{1,3}as if\\b|\\b(?:format|disguise|make)\\s{1,3}(?:it|them|this)\\s{1,3}(?:to\\s{1,3})?(?:look|appear)\\s{1,3}like\\b|\\bregardless of (?:the |what the )?user'?s?\\b|\\b(?:silently|secretly|covertly|quietly|discreetly)\\s{1,3}(?:\\w+\\s{1,3}){0,1}?(?:call|send|read|access|add|include|run|execute|change|modify|use|replace|forward|upload)|\\b(?:user|human)\\s{1,3}(?:must|should|need) not\\s{1,3}(?:know|see|be told|be informed|notice)\\b|\\bwithout (?:the user'?s? )?(?:knowledge|noticing|consent|asking|confirmation|permission)\\b`,
      'gi',
    ),
    severity: { description: 'high', response: 'high' },
    message: 'Text tells the model to hide what it does from the user',
  },
  {
    rule: 'tool-call-directive',
    re: new RegExp(
      `\\b(?:before|prior to|after)\\s{1,3}(?:you\\s{1,3})?(?:using|calling|invoking|executing|running|use|call|providing|returning|presenting|responding)\\b${W}\\b${YOU}?\\s{0,3}(?:must|should|need to|have to|are required to|always)\\s{1,3}(?:first\\s{1,3}|also\\s{1,3}|then\\s{1,3})?(?:call|use|invoke|execute|run|access|read|fetch|check|send|include|present|state)\\b|\\b${YOU}\\s{1,3}(?:must|MUST|should|are required to)\\s{1,3}(?:first|also|then|additionally|immediately)\\s{1,3}(?:call|use|invoke|execute|run|access|read|fetch|send|include|present|state|redirect|log)\\b`,
      'gi',
    ),
    severity: { description: 'low', response: 'medium' },
    message: 'Text tells the model which other actions to take around this tool',
  },
  {
    rule: 'tool-redirection',
    re: /\b(?:has been|is now|was)\s{1,3}(?:deprecated|disabled|replaced|retired)\b[^\n]{0,160}?\b(?:instead|redirect|use)\b|\b(?:must|should|always)\s{1,3}(?:redirect|switch)\s{1,3}to\b|\buse this (?:tool|function)\s{1,3}(?:rather than|instead of)\s{1,3}(?:others|other tools|any other|the other)|\bjust use this (?:tool|function)\s{1,3}no matter\b|\b(?:execute|call|run|use) this (?:tool|function) (?:first|before|after)\b[^.\n]{0,60}?\b(?:replace|modify|override|change)\b/gi,
    severity: { description: 'medium', response: 'medium' },
    message: 'Text steers the model away from the tool it was asked to use',
  },
  {
    rule: 'parameter-tampering',
    re: /\b(?:modify|change|replace|set|override|alter|rewrite|substitute|switch|append)\w{0,3}\s{1,3}(?:the\s{1,3})?(?:['"`]?\w{1,40}['"`]?\s{1,3})?(?:parameters?|arguments?|destination|recipient|values?|inputs?|query|address|ticker|amount)\s{1,3}(?:to|with|into)\b|\b(?:automatically|always)\s{1,3}(?:change|modify|replace|set|use|add)\b[^.\n]{0,60}?\bto\s{1,3}['"`]/gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text tells the model to change the arguments the user asked for',
  },
  {
    rule: 'command-execution',
    re: /\b(?:must|should|need to|always|please)\s{1,3}(?:also\s{1,3}|first\s{1,3})?(?:execute|run)\b[^.\n]{0,60}?\b(?:command|script|check|following|shell|code)\b|\b(?:execute|run)\w{0,3}\s{1,3}(?:the following|this|these)\s{1,3}(?:system\s{1,3}|shell\s{1,3}|environment\s{1,3}|bash\s{1,3}|terminal\s{1,3})?(?:commands?|scripts?)\b|\bcurl\s[^\n|]{0,200}\|\s{0,3}(?:ba|z)?sh\b|>>\s{0,3}~\/\.(?:bashrc|zshrc|profile|bash_profile)|\$\((?:date|whoami|id|cat|env|curl|hostname|uname)\b|\bnc\s{1,3}-e\b|\/dev\/tcp\/|\brm\s{1,3}-rf\s{1,3}[~/]/gi,
    severity: { description: 'high', response: 'low' },
    message: 'Text tells the model to run a command',
  },
  {
    rule: 'sensitive-target',
    re: new RegExp(`\\b${VERB_ACCESS}\\w{0,3}\\b[^.!?\\n]{0,60}?${SENSITIVE_THING}|\\b${VERB_SEND}\\w{0,3}\\b[^.!?\\n]{0,40}?${SENSITIVE_THING}`, 'gi'),
    severity: { description: 'high', response: 'medium' },
    message: 'Text tells the model to read or send secrets, sensitive files or conversation data',
    negatable: true,
  },
  {
    rule: 'exfiltration-url',
    re: /\b(?:send|post|upload|forward|transmit|log|report|submit|access|call|visit|ping|notify)\w{0,3}\b[^.!?\n]{0,80}?\b(?:to|at|via)\s{1,3}(?:our\s{1,3}|the\s{1,3})?(?:[\w-]{1,30}\s{1,3}){0,3}?(?:endpoint|server|webhook|url)?\s{0,3}(?:at\s{1,3})?https?:\/\//gi,
    severity: { description: 'medium', response: 'low' },
    message: 'Text tells the model to contact an outside URL',
    negatable: true,
  },
  {
    rule: 'response-manipulation',
    re: /\b(?:include|add|insert|append|prepend|mention|modify|change|rewrite|format|render|express|provide|write|encode|encrypt|translate|end|start|begin|conclude|respond|use|replace|integrate|incorporate|embed|weave|enhance|promote|reverse|invert|present|state|hint|spread|advertise|suggest|highlight|alter)\w{0,4}\b[^.!?\n]{0,80}?\byour (?:response|answer|reply|replies|output|summary|summaries|explanation|solution|message|answers|responses)\b|\b(?:in|to|into|within|throughout)\s{1,3}your (?:response|answer|reply|output|summary|explanation|solution)s?\b|\b(?:respond|reply|answer)\s{1,3}(?:only\s{1,3})?(?:in|with|using)\s{1,3}(?:emojis?|base\s?\d{2}|binary|morse|hex|reverse|rot13|pig latin|caesar|uppercase|[A-Z][a-z]{3,12}ese|Portuguese|Spanish|French|German)\b/gi,
    severity: { description: 'medium', response: 'medium' },
    message: "Text tells the model how to write its answer",
  },
];
