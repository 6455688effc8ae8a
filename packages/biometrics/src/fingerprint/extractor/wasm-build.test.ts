import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Each committed .wasm must be what `npm run build:wasm` makes from assembly/ now: the binaries
 * in the repository are build outputs, never edited or downloaded. Compiles with the package
 * script's own arguments (build:wasm runs one script per module), in memory, and compares byte
 * for byte.
 */
describe('committed WebAssembly modules', () => {
  const scripts = (JSON.parse(readFileSync(`${PACKAGE_DIR}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
  it('build:wasm builds every module', () => {
    expect(scripts['build:wasm']).toBe('npm run build:wasm:extractor && npm run build:wasm:gallery');
  });
  it.each(['build:wasm:extractor', 'build:wasm:gallery'])('%s rebuilds the committed module byte for byte', async (name) => {
    const script = scripts[name];
    const [command, ...args] = script.split(/\s+/);
    expect(command).toBe('asc');
    const outFile = args[args.indexOf('--outFile') + 1];
    const outputs = new Map<string, Uint8Array | string>();
    const errors: string[] = [];
    // Paths in the script are relative to the package (npm runs it there).
    const { error } = await asc.main([...args, '--baseDir', PACKAGE_DIR], {
      writeFile: (name, contents) => {
        outputs.set(name, contents);
      },
      stdout: { write: () => true },
      stderr: { write: (text: string | Uint8Array) => (errors.push(String(text)), true) },
    });
    expect(error ?? errors.join('')).toBeFalsy();
    const built = outputs.get(outFile);
    expect(built).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(built as Uint8Array).equals(readFileSync(`${PACKAGE_DIR}${outFile}`))).toBe(true);
  }, 120_000);
});
