import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Vite's build manifest (build.manifest: true): source → chunk file and its imports. */
type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }>;

export interface ScreenWeight {
  /** JavaScript files the screen loads before it can show anything (static import closure). */
  files: string[];
  minifiedBytes: number;
  gzipBytes: number;
}

/**
 * What a screen costs: its page's entry chunk (`entry`, e.g. 'pensionado.html'), the lazily loaded
 * chunks of `sources` (a portal's module), and every chunk they import statically — what the
 * browser must fetch before that screen renders.
 */
export function screenWeight(distDir: string, entry: string, sources: string[] = []): ScreenWeight {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  if (!manifest[entry]?.isEntry) throw new Error(`${entry} is not an entry of the build`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    if (!manifest[key]) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const next of manifest[key].imports ?? []) visit(next);
  };
  visit(entry);
  for (const source of sources) visit(source);
  const files = [...seen].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'));
  let minifiedBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(distDir, file));
    minifiedBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, minifiedBytes, gzipBytes };
}
