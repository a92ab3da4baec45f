// The shape every detector returns. Severity is a detector's own confidence that the span is an
// attack, not a policy decision: the engine turns severities into a score and a verdict, and the
// policy (later, in the proxy) maps verdicts to pass / warn / mark / redact / block.

/** high: almost never benign; medium: suspicious on its own; low: only meaningful with company. */
export type DetectSeverity = 'high' | 'medium' | 'low';

export type DetectRuleId =
  | 'hidden-tag-characters'
  | 'invisible-characters'
  | 'bidi-control'
  | 'format-characters'
  | 'mixed-script-name'
  | 'terminal-escape'
  | 'html-comment-instruction'
  | 'hidden-markup'
  | 'whitespace-padding'
  | 'encoded-instruction'
  | 'instruction-tag'
  | 'concealment'
  | 'instruction-override'
  | 'role-impersonation'
  | 'tool-call-directive'
  | 'tool-redirection'
  | 'parameter-tampering'
  | 'command-execution'
  | 'sensitive-target'
  | 'exfiltration-url'
  | 'markdown-image-exfiltration'
  | 'context-harvesting-parameter'
  | 'response-manipulation'
  | 'scripted-message'
  | 'pretext'
  | 'out-of-place-instruction'
  | 'malicious-code-insertion'
  | 'cross-server-reference'
  | 'duplicate-tool-name'
  | 'argument-secret'
  | 'argument-sensitive-content'
  | 'classifier-injection';

export interface DetectFinding {
  rule: DetectRuleId;
  severity: DetectSeverity;
  message: string;
  /** JSON path of the string the span indexes into, e.g. `inputSchema.properties.note.description`; `text` for bare text. */
  path: string;
  /** UTF-16 offsets [start, end) into the string at `path`. */
  span: [number, number];
}

/** Whether a text is a tool/prompt definition or content a tool returned; rules weigh some signals differently. */
export type TextKind = 'description' | 'response';

/** A string to scan together with where it lives. */
export interface ScanTarget {
  path: string;
  text: string;
  /** What role the string plays: free prose (descriptions, responses) or an identifier (tool/property names). */
  role: 'prose' | 'name' | 'value';
}

export function finding(
  rule: DetectRuleId,
  severity: DetectSeverity,
  message: string,
  path: string,
  start: number,
  end: number,
): DetectFinding {
  return { rule, severity, message, path, span: [start, end] };
}
