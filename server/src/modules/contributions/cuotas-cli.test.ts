import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCuotas } from './cuotas-command.ts';

describe('npm run cuotas', () => {
  it('reads workers.csv and writes result.csv, one row per worker and branch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cuotas-'));
    const input = join(dir, 'workers.csv');
    const out = join(dir, 'result.csv');
    await writeFile(
      input,
      'nss,sbc,days,absences,incapacity_days,worker_type,risk_premium\n12345678903,500.00,30,0,0,permanente,0.54355\n01234567897,300.00,31,2,3,eventual_urbano,0.54355\n',
    );
    const lines: string[] = [];
    expect(await runCuotas(['--input', input, '--month', '2025-03', '--out', out], (l) => lines.push(l))).toBe(0);
    const rows = (await readFile(out, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('nss,branch,employer,worker');
    expect(rows).toHaveLength(21);
    expect(rows).toContain('12345678903,em_cuota_fija,692.42,0.00');
    expect(rows).toContain('01234567897,cesantia_vejez,413.95,87.75');
    expect(lines.join('\n')).toMatch(/2 trabajadores/);
  });

  it('exits 1 naming the bad line and 2 without arguments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cuotas-'));
    const input = join(dir, 'workers.csv');
    await writeFile(input, 'nss,sbc,days,absences,incapacity_days,worker_type,risk_premium\n123,500,30,0,0,permanente,0.5\n');
    const lines: string[] = [];
    expect(await runCuotas(['--input', input, '--month', '2025-03', '--out', join(dir, 'r.csv')], (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/Línea 2: nss/);
    expect(await runCuotas([], () => {})).toBe(2);
  });
});
