import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineFramer, type Frame, type FramedLine } from '../../../src/core/protocol/framer.js';

function lines(frames: Frame[]): FramedLine[] {
  return frames.filter((f): f is FramedLine => f.type === 'line');
}

describe('LineFramer', () => {
  it('keeps many messages in one chunk apart, with their original bytes', () => {
    const framer = new LineFramer();
    const out = lines(framer.push(Buffer.from('{"a":1}\n{"b":2}\r\n{"c":')));
    assert.deepEqual(out.map((l) => l.raw.toString()), ['{"a":1}\n', '{"b":2}\r\n']);
    assert.deepEqual(out.map((l) => l.body.toString()), ['{"a":1}', '{"b":2}']);
    assert.equal(framer.bufferedBytes, 5);
    const rest = lines(framer.push(Buffer.from('3}\n')));
    assert.equal(rest[0]?.raw.toString(), '{"c":3}\n');
    assert.equal(framer.bufferedBytes, 0);
  });

  it('reassembles a message split byte by byte, including a multi-byte UTF-8 character and CRLF', () => {
    const text = '{"text":"héllo ✓ 𝄞 日本"}\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const framer = new LineFramer();
    const out: FramedLine[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...lines(framer.push(bytes.subarray(i, i + 1))));
    assert.equal(out.length, 1);
    assert.ok(out[0]!.raw.equals(bytes));
    assert.equal(JSON.parse(out[0]!.body.toString('utf8')).text, 'héllo ✓ 𝄞 日本');
  });

  it('splits a 4-byte character across every possible boundary', () => {
    const bytes = Buffer.from('["𝄞"]\n', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const framer = new LineFramer();
      const out = [...lines(framer.push(bytes.subarray(0, cut))), ...lines(framer.push(bytes.subarray(cut)))];
      assert.equal(out.length, 1, `cut at ${cut}`);
      assert.deepEqual(JSON.parse(out[0]!.body.toString('utf8')), ['𝄞']);
    }
  });

  it('frames a 50 MB line from 64 KiB chunks in linear time', () => {
    const payload = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const line = Buffer.concat([Buffer.from('{"x":"'), payload, Buffer.from('"}\n')]);
    const framer = new LineFramer();
    const started = performance.now();
    const out: FramedLine[] = [];
    for (let offset = 0; offset < line.length; offset += 65536) out.push(...lines(framer.push(line.subarray(offset, offset + 65536))));
    const elapsed = performance.now() - started;
    assert.equal(out.length, 1);
    assert.equal(out[0]!.raw.length, line.length);
    assert.ok(out[0]!.raw.equals(line));
    // Quadratic concatenation would take minutes here; linear takes well under a second.
    assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
  });

  it('streams a line over the limit through as oversize pieces and recovers after it', () => {
    const framer = new LineFramer(10);
    const frames = [...framer.push(Buffer.from('0123456789AB')), ...framer.push(Buffer.from('CD\n{"ok":1}\n'))];
    assert.deepEqual(
      frames.map((f) => (f.type === 'oversize' ? `oversize:${f.raw.toString()}:${f.first}:${f.last}:${f.lineBytes}` : `line:${f.raw.toString()}`)),
      ['oversize:0123456789AB:true:false:12', 'oversize:CD\n:false:true:15', 'line:{"ok":1}\n'],
    );
    assert.equal(framer.bufferedBytes, 0);
  });

  it('accepts a line exactly at the limit, CRLF not counted', () => {
    const framer = new LineFramer(4);
    assert.deepEqual(lines(framer.push(Buffer.from('abcd\r'))).length, 0);
    assert.equal(lines(framer.push(Buffer.from('\n')))[0]?.body.toString(), 'abcd');
  });

  it('returns an unterminated last line at end of stream', () => {
    const framer = new LineFramer();
    framer.push(Buffer.from('{"a":1}\n{"tail":true}'));
    const out = lines(framer.end());
    assert.equal(out[0]?.raw.toString(), '{"tail":true}');
    assert.deepEqual(framer.end(), []);
  });

  it('passes garbage and empty lines through as lines', () => {
    const framer = new LineFramer();
    const out = lines(framer.push(Buffer.from('\n\u0000\u00ff garbage\n\n')));
    assert.deepEqual(out.map((l) => l.raw.toString('latin1')), ['\n', '\u0000\u00c3\u00bf garbage\n', '\n']);
  });
});
