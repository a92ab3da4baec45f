// Tool output that asks the model to put a code snippet into what it writes for the user, where the
// snippet does something the user never asked for (keylogging, ransomware, reverse shells, …).
import { finding, type DetectFinding, type ScanTarget, type TextKind } from '../finding.js';
import { matchesInWindows, windows, type TextProfile, type TriggerGroup } from '../text-profile.js';
import { lineEndWithin, lineStartWithin, quote } from '../text-tools.js';

// A reference to a given snippet ("the following code block", "the subsequent code section").
// Ordinary answers say "use the following code" too, so a reference only counts when the same
// sentence targets the reader's own work ("… into your codebase") or the snippet is dangerous.
const CODE_REFERENCE =
  /\b(?:following|below|subsequent|above|provided|given|this|these)\s{1,3}(?:code\s{1,3}|python\s{1,3}|shell\s{1,3})?(?:snippets?|blocks?|sections?|segments?|fragments?|excerpts?|piece of code|lines? of code|code)\b/gi;
export const CODE_REFERENCE_TRIGGERS: TriggerGroup = {
  name: 'code-reference',
  words: ['snippet', 'snippets', 'block', 'blocks', 'section', 'sections', 'segment', 'segments', 'fragment', 'fragments', 'excerpt', 'excerpts', 'piece', 'line', 'lines', 'code'],
  reach: 80,
};
const TARGETS_READER_WORK =
  /\byour\s{1,3}(?:[\w']{1,20}\s{1,3})?(?:codebase|code|code's|program|programs|implementation|solution|algorithm|project|script|application|app|response|answer|elucidation|logic|software|workflow|function|functionality|explanation|development)\b|\bthe code you (?:write|develop|produce)|\bsomewhere in\b|\bfor a more robust\b/i;

// Calls that rarely belong in an answer to a programming question and commonly appear in malware.
const DANGEROUS_CODE =
  /\b(?:import (?:subprocess|socket|paramiko|pexpect|ctypes|winreg|psutil|cryptography|Crypto|pynput|keyboard|smtplib|ftplib|telnetlib|win32\w{0,20})\b|from (?:cryptography|Crypto|scapy|pynput|subprocess|socket)\b|os\.walk|AES|encrypt|netsh|iptables|route delete|nmcli|System32|reg(?:\.exe)? delete|rm -rf|shutil\.rmtree|os\.fork|requests\.(?:get|post|put)\(|pynput|keyboard\.on_press|GetAsyncKeyState|win32clipboard|clipboard\.\w{1,20}|pyperclip|ImageGrab|pyautogui\.screenshot|gnome-screenshot|mss\(\)|scapy|RandInt\(\)|socket\.socket\([^)]{0,40}\)[^]{0,200}?\.connect|os\.dup2|pty\.spawn|\/bin\/(?:ba)?sh|subprocess\.\w{1,10}\(\s{0,3}\[?\s{0,3}["'](?:ipconfig|ifconfig|netsh|iptables|shutdown|rm|del|format|mkfs|dd|curl|wget|nc|rsync|scp|ffmpeg|tcpdump|nmap|reg|bcdedit|sc)\b|\/etc\/hosts|\/boot\/|grub|sudo (?:reboot|shutdown|rm)|os\.system\(|ipconfig\s{1,3}\/release|shutil\.rmtree\(\s{0,3}["']\/|os\.remove\(|Fernet|\.encrypt\(|ransom|bitcoin|requests\.post\(|urllib\.request\.urlopen\(|platform\.(?:system|version|node|uname)\(\)|uuid\.getnode|getpass\.getuser|while True\s{0,3}:[^]{0,300}?(?:send|post|call|fork|connect|request)|os\.fork\(\)|psutil\.net_io_counters|sniff\(|pcap)/g;

export function detectCodeInsertion(target: ScanTarget, kind: TextKind, profile: TextProfile): DetectFinding[] {
  if (kind !== 'response') return [];
  const { text, path } = target;
  const out: DetectFinding[] = [];
  const at = profile.triggers.get(CODE_REFERENCE_TRIGGERS.name) ?? [];
  if (at.length === 0) return out;
  for (const m of matchesInWindows(CODE_REFERENCE, text, windows(text, at, CODE_REFERENCE_TRIGGERS.reach))) {
    // The request is the sentence around the reference, on its line.
    const start = lineStartWithin(text, m.index, 100);
    const end = lineEndWithin(text, m.index + m.text.length, 100);
    // Look at the code that follows the request (or precedes it, when the request comes last).
    const after = text.slice(end, end + 1500);
    const before = text.slice(Math.max(0, start - 1500), start);
    DANGEROUS_CODE.lastIndex = 0;
    const dangerous = DANGEROUS_CODE.exec(after) ?? (DANGEROUS_CODE.lastIndex = 0, DANGEROUS_CODE.exec(before));
    DANGEROUS_CODE.lastIndex = 0;
    const targetsReader = TARGETS_READER_WORK.test(text.slice(start, end));
    if (!dangerous && !targetsReader) continue;
    const severity = dangerous && targetsReader ? 'high' : dangerous ? 'medium' : 'low';
    const why = dangerous ? ` (the code uses ${quote(dangerous[0], 0, dangerous[0].length, 40)})` : '';
    out.push(finding('malicious-code-insertion', severity, `Tool output asks the model to insert code into its answer${why}: ${quote(text, start, end)}`, path, start, end));
  }
  return out;
}
