import { describe, expect, it } from 'vitest';
import { certificateTerms, CertificateRuleError, type CertificateInput } from './certificate.ts';
import { computeSubsidy, type ContributionHistory } from './subsidy.ts';

const employedSince = (from: string, sbc = '500.00', to: string | null = null): ContributionHistory => ({ periods: [{ from, to }], salaries: [{ from, sbc }], source: 'patron' });
const terms = (input: Partial<CertificateInput>) => certificateTerms({ ramo: 'enfermedad_general', tipo: 'inicial', startDate: '2026-03-02', days: 7, diagnosisCode: 'J06.9', ...input });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CertificateRuleError) return error.code;
    throw error;
  }
  return null;
};

describe('certificado de incapacidad: terms', () => {
  it('maternity is 84 days, 42 + 42, with the probable birth at the end of the prenatal part (LSS art. 101)', () => {
    const t = terms({ ramo: 'maternidad', days: 84, diagnosisCode: 'Z34.9' });
    expect(t.maternity).toEqual({ prenatalDays: 42, postnatalDays: 42, weeksTransferred: 0, probableBirthDate: '2026-04-13' });
    expect(t.endDate).toBe('2026-05-24');
  });

  it('moves up to 4 prenatal weeks after the birth (LFT art. 170 fr. II), never more', () => {
    const t = terms({ ramo: 'maternidad', days: 84, prenatalWeeksTransferred: 4 });
    expect(t.maternity).toMatchObject({ prenatalDays: 14, postnatalDays: 70, probableBirthDate: '2026-03-16' });
    expect(codeOf(() => terms({ ramo: 'maternidad', days: 84, prenatalWeeksTransferred: 5 }))).toBe('MATERNITY_TRANSFER_INVALID');
    expect(codeOf(() => terms({ ramo: 'enfermedad_general', prenatalWeeksTransferred: 1 }))).toBe('MATERNITY_TRANSFER_INVALID');
  });

  it('refuses maternity of other than 84 days, bad dates, days out of range and non CIE-10 codes', () => {
    expect(codeOf(() => terms({ ramo: 'maternidad', days: 90 }))).toBe('MATERNITY_DAYS');
    expect(codeOf(() => terms({ startDate: '2026-02-30' }))).toBe('DATE_INVALID');
    expect(codeOf(() => terms({ days: 0 }))).toBe('DAYS_INVALID');
    expect(codeOf(() => terms({ days: 365 }))).toBe('DAYS_INVALID');
    expect(codeOf(() => terms({ diagnosisCode: 'gripa' }))).toBe('DIAGNOSIS_INVALID');
    expect(terms({ diagnosisCode: 'j069' }).diagnosisCode).toBe('J069');
  });
});

describe('subsidio', () => {
  it('enfermedad general: 60 % of the SBC from the fourth day (LSS art. 96)', () => {
    const s = computeSubsidy(terms({ days: 7 }), employedSince('2025-01-01', '500.00'));
    expect(s).toMatchObject({ eligible: true, rate: 60, sbc: '500.00', dailyAmount: '300.00', paidDays: 4, firstPaidDate: '2026-03-05', total: '1200.00' });
    // A subsecuente continues the illness: no new waiting days.
    expect(computeSubsidy(terms({ days: 7, tipo: 'subsecuente' }), employedSince('2025-01-01')).paidDays).toBe(7);
    // Three days or fewer: nothing to pay.
    expect(computeSubsidy(terms({ days: 3 }), employedSince('2025-01-01'))).toMatchObject({ eligible: false, paidDays: 0, total: '0.00' });
  });

  it('enfermedad general needs 4 weekly contributions immediately before (LSS art. 97)', () => {
    expect(computeSubsidy(terms({}), employedSince('2026-02-10')).eligible).toBe(false); // 20 days
    expect(computeSubsidy(terms({}), employedSince('2026-02-02')).eligible).toBe(true); // 28 days
    // Contributions long ago, with a gap right before: not "immediately before".
    const gap = computeSubsidy(terms({}), employedSince('2020-01-01', '500.00', '2026-01-15'));
    expect(gap.eligible).toBe(false);
    expect(gap.reason).toContain('LSS art. 97');
  });

  it('riesgo de trabajo: 100 % from the first day, no minimum contributions (LSS art. 58 fr. I)', () => {
    const s = computeSubsidy(terms({ ramo: 'riesgo_trabajo', days: 5, diagnosisCode: 'S62.3' }), employedSince('2026-03-01', '400.50'));
    expect(s).toMatchObject({ eligible: true, rate: 100, dailyAmount: '400.50', paidDays: 5, firstPaidDate: '2026-03-02', total: '2002.50' });
  });

  it('maternidad: 100 % for 84 days with 30 weeks in the prior 12 months (LSS arts. 101, 102)', () => {
    const ok = computeSubsidy(terms({ ramo: 'maternidad', days: 84 }), employedSince('2025-07-01', '472.19'));
    expect(ok).toMatchObject({ eligible: true, rate: 100, dailyAmount: '472.19', paidDays: 84, total: '39663.96' });
    expect(ok.weeksContributed).toBe(34);
    const short = computeSubsidy(terms({ ramo: 'maternidad', days: 84 }), employedSince('2025-08-15'));
    expect(short.eligible).toBe(false);
    expect(short.weeksContributed).toBeLessThan(30);
    expect(short.reason).toContain('LSS art. 103');
  });

  it('uses the SBC in force the day before the start (último salario diario de cotización)', () => {
    const history: ContributionHistory = { periods: [{ from: '2025-01-01', to: null }], salaries: [{ from: '2025-01-01', sbc: '300.00' }, { from: '2026-03-01', sbc: '350.00' }, { from: '2026-03-02', sbc: '999.00' }], source: 'patron' };
    expect(computeSubsidy(terms({ days: 10 }), history).sbc).toBe('350.00');
  });
});
