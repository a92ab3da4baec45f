// Tool output that asks the model to put a code snippet into what it writes for the user, where the
// snippet does something the user never asked for (keylogging, ransomware, reverse shells, …).
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matches, quote } from '../text-tools.js';

// A reference to a given snippet ("the following code block", "the subsequent code section").
// Ordinary answers say "use the following code" too, so a reference only counts when the same
// sentence targets the reader's own work ("… into your codebase") or the snippet is dangerous.
const CODE_REFERENCE =
  /\b(?:following|below|subsequent|above|provided|given|this|these)\s{1,3}(?:code\s{1,3}|python\s{1,3}|shell\s{1,3})?(?:snippets?|blocks?|sections?|segments?|fragments?|excerpts?|piece of code|lines? of code|code)\b/gi;
const TARGETS_READER_WORK =
  /\byour\s{1,3}(?:[\w']{1,20}\s{1,3})?(?:codebase|code|code's|program|programs|implementation|solution|algorithm|project|script|application|app|response|answer|elucidation|logic|software|workflow|function|functionality|explanation|development)\b|\bthe code you (?:write|develop|produce)|\bsomewhere in\b|\bfor a more robust\b/i;

// Calls that rarely belong in an answer to a programming question and commonly appear in malware.
const DANGEROUS_CODE =
  /\b(?:pynput|keyboard\.on_press|GetAsyncKeyState|win32clipboard|clipboard\.\w{1,20}|pyperclip|ImageGrab|pyautogui\.screenshot|gnome-screenshot|mss\(\)|scapy|RandInt\(\)|socket\.socket\([^)]{0,40}\)[^]{0,200}?\.connect|os\.dup2|pty\.spawn|\/bin\/(?:ba)?sh|subprocess\.\w{1,10}\(\s{0,3}\[?\s{0,3}["'](?:ipconfig|ifconfig|netsh|iptables|shutdown|rm|del|format|mkfs|dd|curl|wget|nc|rsync|scp|ffmpeg|tcpdump|nmap|reg|bcdedit|sc)\b|\/etc\/hosts|\/boot\/|grub|sudo (?:reboot|shutdown|rm)|os\.system\(|ipconfig\s{1,3}\/release|shutil\.rmtree\(\s{0,3}["']\/|os\.remove\(|Fernet|\.encrypt\(|ransom|bitcoin|requests\.post\(|urllib\.request\.urlopen\(|platform\.(?:system|version|node|uname)\(\)|uuid\.getnode|getpass\.getuser|while True\s{0,3}:[^]{0,300}?(?:send|post|call|fork|connect|request)|os\.fork\(\)|psutil\.net_io_counters|sniff\(|pcap)/g;

export function detectCodeInsertion(target: ScanTarget, kind: TextKind): DetectFinding[] {
  if (kind !== 'response') return [];
  const { text, path } = target;
  const out: DetectFinding[] = [];
  for (const m of matches(CODE_REFERENCE, text)) {
    // The request is the sentence around the reference, on its line.
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const start = Math.max(lineStart, m.index - 100);
    const lineEnd = text.indexOf('\n', m.index);
    const end = Math.min(lineEnd < 0 ? text.length : lineEnd, m.index + m[0].length + 100);
    // Look at the code that follows the request (or precedes it, when the request comes last).
    const after = text.slice(end, end + 1500);
    const before = text.slice(Math.max(0, start - 1500), start);
    DANGEROUS_CODE.lastIndex = 0;
    const dangerous = DANGEROUS_CODE.exec(after) ?? (DANGEROUS_CODE.lastIndex = 0, DANGEROUS_CODE.exec(before));
    DANGEROUS_CODE.lastIndex = 0;
    const targetsReader = TARGETS_READER_WORK.test(text.slice(start, end));
    if (!dangerous && !targetsReader) continue;
    const severity = dangerous && targetsReader ? 'high' : 'medium';
    const why = dangerous ? ` (the code uses ${quote(dangerous[0], 0, dangerous[0].length, 40)})` : '';
    out.push(finding('malicious-code-insertion', severity, `Tool output asks the model to insert code into its answer${why}: ${quote(text, start, end)}`, path, start, end));
  }
  return out;
}
