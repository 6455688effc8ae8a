/**
 * `npm test`'s `pretest`: the browser tests drive Debian's Chromium and Firefox ESR (never a browser
 * downloaded by a test tool), so the README's test command brings them itself when it can — as root
 * with apt-get — and otherwise stops at once with the one command to run, instead of failing two
 * browser test files minutes later.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface NeededBrowser {
  name: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  path: string;
  /** Environment variable that points the tests at another binary. */
  override: string;
}

const BROWSERS: NeededBrowser[] = [
  { name: 'Chromium', debianPackage: 'chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', override: 'CHROMIUM_PATH' },
  { name: 'Firefox ESR', debianPackage: 'firefox-esr', path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', override: 'FIREFOX_PATH' },
  // Not a browser, but brought the same way: the signed PDFs' tests check them with poppler's pdfsig.
  { name: 'pdfsig (poppler-utils)', debianPackage: 'poppler-utils', path: '/usr/bin/pdfsig', override: 'PATH' },
];

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

function canInstallWithApt(): boolean {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function missingBrowsers(browsers: NeededBrowser[] = BROWSERS): NeededBrowser[] {
  return browsers.filter((browser) => !existsSync(browser.path));
}

function main(): number {
  const missing = missingBrowsers();
  if (missing.length === 0) return 0;
  const packages = missing.map((browser) => browser.debianPackage);
  console.log(`pretest: faltan programas para las pruebas: ${missing.map((b) => `${b.name} (${b.path})`).join(', ')}.`);
  if (canInstallWithApt()) {
    console.log(`pretest: instalando con apt-get: ${packages.join(' ')}`);
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', ...packages]) && missingBrowsers().length === 0) return 0;
  }
  console.error(
    [
      '',
      'Las pruebas necesitan paquetes de Debian (Chromium, Firefox ESR, poppler-utils). Instálelos con:',
      '',
      `    sudo apt-get install -y ${packages.join(' ')}`,
      '',
      `o indique otros binarios con ${missing.map((b) => b.override).join(' / ')}=/ruta/al/navegador.`,
      'Para correr solo las pruebas unitarias y HTTP, sin navegador: npx vitest run --project unit',
      '',
    ].join('\n'),
  );
  return 1;
}

process.exitCode = main();
