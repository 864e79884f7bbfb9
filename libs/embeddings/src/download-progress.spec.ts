import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { downloadProgressBars } from './download-progress';

describe('downloadProgressBars', () => {
  it('draws one bar per model file with bytes and percentage', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let output = '';
    terminal.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const bars = downloadProgressBars(terminal);
    bars.onProgress({ file: 'onnx/vision_model.onnx', loaded: 50, total: 200 });
    bars.onProgress({ file: 'onnx/text_model.onnx', loaded: 10, total: 10 });
    bars.onProgress({ file: 'onnx/vision_model.onnx', loaded: 200, total: 200 });
    bars.stop();
    expect(output).toContain('onnx/vision_model.onnx');
    expect(output).toContain('100% 200/200 bytes');
    expect(output).toContain('onnx/text_model.onnx');
    expect(output).toContain('100% 10/10 bytes');
  });
});
