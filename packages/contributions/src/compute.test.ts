import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMonth, computeWorkerMonth, ContributionInputError, type WorkerMonth } from './compute.ts';
import { parseWorkersCsv, resultCsv } from './csv.ts';
import { parametersFor } from './parameters.ts';
import { BRANCHES, type Branch } from './tables/rates.ts';

/**
 * Worked examples. The factors are those published for each year (IDC Online, "Factores de cuotas
 * y aportaciones para 2024", 10-01-2024; IMSS "Cuotas obrero patronales"; DOF 16-12-2020 transitory
 * table for cesantía y vejez; UMA by INEGI; minimum wage by CONASAMI). Every expected figure below
 * was worked by hand from those factors — the arithmetic is written beside it — and cross-checked
 * with Python's `decimal` module, independently of this engine.
 */
function amounts(input: WorkerMonth, month: string): Record<Branch, [string, string]> {
  const result = computeWorkerMonth(input, parametersFor(month));
  return Object.fromEntries(result.branches.map((b) => [b.branch, [b.employer, b.worker]])) as Record<Branch, [string, string]>;
}

const base: WorkerMonth = { nss: '12345678903', sbc: '500.00', days: 30, absences: 0, incapacityDays: 0, workerType: 'permanente', riskPremium: '0.54355' };

describe('worked examples, to the cent', () => {
  it('2024-03: SBC 500.00, 30 days, prima 0.54355 % (UMA 108.57, CyV top band 5.331 %)', () => {
    expect(amounts(base, '2024-03')).toEqual({
      riesgos_trabajo: ['81.53', '0.00'], // 500 × 30 × 0.54355 % = 81.5325
      em_cuota_fija: ['664.45', '0.00'], // 108.57 × 30 × 20.40 % = 664.4484
      em_excedente: ['57.52', '20.91'], // (500 − 3 × 108.57) × 30 = 5 228.70; × 1.10 % = 57.5157; × 0.40 % = 20.9148
      em_prestaciones_dinero: ['105.00', '37.50'], // 15 000 × 0.70 % / 0.25 %
      em_gastos_medicos_pensionados: ['157.50', '56.25'], // 15 000 × 1.05 % / 0.375 %
      invalidez_vida: ['262.50', '93.75'], // 15 000 × 1.75 % / 0.625 %
      guarderias: ['150.00', '0.00'], // 15 000 × 1 %
      retiro: ['300.00', '0.00'], // 15 000 × 2 %
      cesantia_vejez: ['799.65', '168.75'], // 500 / 108.57 = 4.60 UMA → "4.01 en adelante" 2024: 5.331 %; worker 1.125 %
      infonavit: ['750.00', '0.00'], // 15 000 × 5 %
    });
  });

  it('2025-03: the same worker a year later (UMA 113.14, CyV 6.422 %)', () => {
    const a = amounts(base, '2025-03');
    expect(a.em_cuota_fija).toEqual(['692.42', '0.00']); // 113.14 × 30 × 20.40 % = 692.4168
    expect(a.em_excedente).toEqual(['52.99', '19.27']); // (500 − 339.42) × 30 = 4 817.40; × 1.10 % = 52.9914; × 0.40 % = 19.2696
    expect(a.cesantia_vejez).toEqual(['963.30', '168.75']); // 15 000 × 6.422 %
    expect(a.riesgos_trabajo).toEqual(['81.53', '0.00']);
  });

  it('2025-03: 31 days with 2 absences and 3 incapacity days', () => {
    const a = amounts({ ...base, sbc: '300.00', days: 31, absences: 2, incapacityDays: 3 }, '2025-03');
    // EyM counts 31 − 3 = 28 days; RT, IV, guarderías, RCV 31 − 3 − 2 = 26; INFONAVIT 31 − 2 = 29.
    expect(a).toEqual({
      riesgos_trabajo: ['42.40', '0.00'], // 300 × 26 × 0.54355 % = 42.3969
      em_cuota_fija: ['646.26', '0.00'], // 113.14 × 28 × 20.40 % = 646.25568
      em_excedente: ['0.00', '0.00'], // 300 < 3 UMA (339.42)
      em_prestaciones_dinero: ['58.80', '21.00'], // 8 400 × 0.70 % / 0.25 %
      em_gastos_medicos_pensionados: ['88.20', '31.50'],
      invalidez_vida: ['136.50', '48.75'], // 7 800 × 1.75 % / 0.625 %
      guarderias: ['78.00', '0.00'],
      retiro: ['156.00', '0.00'],
      cesantia_vejez: ['413.95', '87.75'], // 300 / 113.14 = 2.65 UMA → "2.51 a 3.00" 2025: 5.307 %; 7 800 × 5.307 % = 413.946
      infonavit: ['435.00', '0.00'], // 300 × 29 × 5 %
    });
  });

  it('2024-06: a worker on the minimum wage pays nothing; the employer pays both shares (LSS art. 36)', () => {
    const a = amounts({ ...base, sbc: '248.93', riskPremium: '0.5' }, '2024-06');
    expect(a.riesgos_trabajo).toEqual(['37.34', '0.00']); // 248.93 × 30 × 0.5 % = 37.3395
    expect(a.em_prestaciones_dinero).toEqual(['70.95', '0.00']); // 7 467.90 × 0.70 % = 52.28 + 0.25 % = 18.67
    expect(a.em_gastos_medicos_pensionados).toEqual(['106.41', '0.00']); // 78.41 + 28.00
    expect(a.invalidez_vida).toEqual(['177.36', '0.00']); // 130.69 + 46.67
    expect(a.cesantia_vejez).toEqual(['319.25', '0.00']); // "1.00 SM" row 3.150 % = 235.24 + 1.125 % = 84.01
    expect(a.infonavit).toEqual(['373.40', '0.00']); // 373.395, half up
  });

  it('2024-03: an SBC above 25 UMA is capped at 2 714.25 (LSS art. 28)', () => {
    const result = computeWorkerMonth({ ...base, sbc: '3000', riskPremium: '7.58875' }, parametersFor('2024-03'));
    expect(result.sbc).toBe('2714.25');
    const a = Object.fromEntries(result.branches.map((b) => [b.branch, [b.employer, b.worker]]));
    expect(a.riesgos_trabajo).toEqual(['6179.33', '0.00']); // 81 427.50 × 7.58875 %
    expect(a.em_excedente).toEqual(['788.22', '286.62']); // (2 714.25 − 325.71) × 30 × 1.10 % / 0.40 %
    expect(a.cesantia_vejez).toEqual(['4340.90', '916.06']);
    expect(a.infonavit).toEqual(['4071.38', '0.00']);
  });

  it('January uses the previous year’s UMA (in force from 1 February) with the new year’s CyV table', () => {
    const a = amounts({ ...base, days: 31 }, '2025-01');
    expect(a.em_cuota_fija).toEqual(['686.60', '0.00']); // 108.57 × 31 × 20.40 % = 686.59668
    expect(a.cesantia_vejez).toEqual(['995.41', '174.38']); // 15 500 × 6.422 % = 995.41; × 1.125 % = 174.375
  });
});

describe('bad input', () => {
  it('refuses an SBC under the minimum wage, days beyond the month, absences beyond the days', () => {
    const p = parametersFor('2025-02');
    expect(() => computeWorkerMonth({ ...base, sbc: '200' }, p)).toThrow(ContributionInputError);
    expect(() => computeWorkerMonth({ ...base, days: 29 }, p)).toThrow(/excede los días/);
    expect(() => computeWorkerMonth({ ...base, days: 10, absences: 8, incapacityDays: 3 }, p)).toThrow(/exceden/);
    expect(() => parametersFor('2019-05')).toThrow(/No hay tablas/);
  });

  it('names the CSV line that is wrong', () => {
    const csv = 'nss,sbc,days,absences,incapacity_days,worker_type,risk_premium\n12345678903,500,30,0,0,permanente,0.5\n12345678903,500,30,0,0,socio,0.5\n';
    expect(() => parseWorkersCsv(csv)).toThrow(/Línea 3: worker_type/);
  });
});

describe('CSV round trip', () => {
  it('writes one row per worker and branch with the exact header', () => {
    const csv = 'nss,sbc,days,absences,incapacity_days,worker_type,risk_premium\n12345678903,500.00,30,0,0,permanente,0.54355\n';
    const out = resultCsv(computeMonth('2024-03', parseWorkersCsv(csv))).trim().split('\n');
    expect(out[0]).toBe('nss,branch,employer,worker');
    expect(out).toHaveLength(1 + BRANCHES.length);
    expect(out).toContain('12345678903,cesantia_vejez,799.65,168.75');
  });
});

describe('properties', () => {
  const months = fc.constantFrom('2023-05', '2024-01', '2024-11', '2025-07', '2026-03');
  const worker = (month: string) =>
    fc.record({
      sbcCents: fc.integer({ min: 0, max: 400_000 }),
      days: fc.integer({ min: 0, max: parametersFor(month).daysInMonth }),
      absences: fc.integer({ min: 0, max: 7 }),
      incapacityDays: fc.integer({ min: 0, max: 10 }),
      premium: fc.integer({ min: 50_000, max: 15_000_000 }).map((n) => (n / 1_000_000).toFixed(5)),
    });
  const build = (month: string, w: { sbcCents: number; days: number; absences: number; incapacityDays: number; premium: string }, extraCents = 0): WorkerMonth => {
    const minimum = Math.round(Number(parametersFor(month).minimumWage.general) * 100);
    const absences = Math.min(w.absences, w.days);
    return {
      ...base,
      sbc: ((minimum + w.sbcCents + extraCents) / 100).toFixed(2),
      days: w.days,
      absences,
      incapacityDays: Math.min(w.incapacityDays, w.days - absences),
      riskPremium: w.premium,
    };
  };
  const total = (r: ReturnType<typeof computeWorkerMonth>, branch: Branch) => {
    const b = r.branches.find((x) => x.branch === branch)!;
    // In whole cents: the amounts are exact decimals, their float sum is not (14.97 → 14.969999…).
    return Math.round(Number(b.employer) * 100) + Math.round(Number(b.worker) * 100);
  };

  it('a larger SBC never lowers a contribution (per branch; per party once above the minimum wage)', () => {
    fc.assert(
      fc.property(months.chain((m) => fc.tuple(fc.constant(m), worker(m), fc.integer({ min: 1, max: 200_000 }))), ([month, w, more]) => {
        const p = parametersFor(month);
        const low = computeWorkerMonth(build(month, w), p);
        const high = computeWorkerMonth(build(month, w, more), p);
        for (const branch of BRANCHES) {
          expect(total(high, branch)).toBeGreaterThanOrEqual(total(low, branch));
          if (!low.employerPaysWorkerShare) {
            const [l, h] = [low, high].map((r) => r.branches.find((b) => b.branch === branch)!);
            expect(Number(h.employer)).toBeGreaterThanOrEqual(Number(l.employer));
            expect(Number(h.worker)).toBeGreaterThanOrEqual(Number(l.worker));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no days and no absences → nothing owed', () => {
    fc.assert(
      fc.property(months.chain((m) => fc.tuple(fc.constant(m), worker(m))), ([month, w]) => {
        const r = computeWorkerMonth(build(month, { ...w, days: 0, absences: 0, incapacityDays: 0 }), parametersFor(month));
        for (const b of r.branches) expect([b.employer, b.worker]).toEqual(['0.00', '0.00']);
      }),
      { numRuns: 100 },
    );
  });

  it('totals are the sums of the workers', () => {
    fc.assert(
      fc.property(months.chain((m) => fc.tuple(fc.constant(m), fc.array(worker(m), { minLength: 1, maxLength: 5 }))), ([month, ws]) => {
        const result = computeMonth(month, ws.map((w) => build(month, w)));
        const cents = (s: string) => Math.round(Number(s) * 100);
        const sum = result.workers.flatMap((w) => w.branches).reduce((acc, b) => acc + cents(b.employer), 0);
        expect(cents(result.total.employer)).toBe(sum);
      }),
      { numRuns: 100 },
    );
  });
});
