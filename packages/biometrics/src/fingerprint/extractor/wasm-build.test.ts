import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const COMMITTED = fileURLToPath(new URL('./kernels.wasm', import.meta.url));

/**
 * The committed kernels.wasm must be what `npm run build:wasm` makes from assembly/ now: the
 * binary in the repository is a build output, never edited or downloaded. Compiles with the
 * package script's own arguments, in memory, and compares byte for byte.
 */
describe('kernels.wasm', () => {
  it('is the build of assembly/ with the build:wasm script', async () => {
    const script = (JSON.parse(readFileSync(`${PACKAGE_DIR}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts['build:wasm'];
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
    expect(Buffer.from(built as Uint8Array).equals(readFileSync(COMMITTED))).toBe(true);
  }, 120_000);
});
