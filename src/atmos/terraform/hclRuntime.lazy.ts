/**
 * web-tree-sitter + the HCL grammar, as its own lazy chunk (dist/lazy/hclRuntime.js): the extension
 * bundle carries none of it until an HCL file is first read. Holds no state; hclParser.ts caches.
 */
import { Language, Parser } from 'web-tree-sitter';
import type { HclParser } from './hclParser';

export async function createHclParser(runtimeWasm: Uint8Array, grammarWasm: Uint8Array): Promise<HclParser> {
  await Parser.init({ wasmBinary: runtimeWasm.buffer.slice(runtimeWasm.byteOffset, runtimeWasm.byteOffset + runtimeWasm.byteLength) as ArrayBuffer });
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammarWasm));
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('the HCL parser returned no tree');
      return tree;
    },
  };
}
