/**
 * The order of the browser test files on their one shared system (shared-system.ts). Files keep
 * to data of their own where they can; these are the places where the demo's own data is read by
 * one file and changed by another, so the reader goes first:
 *
 * - pensioner.e2e first: its pensioner registers from the phone with the face alone, which the
 *   1:N search compares with every face enrolled before; the other files enroll the same test
 *   portrait (packages/biometrics/src/face/test-fixtures.ts has four faces in all) together with
 *   fingers of their own, which keeps those apart, but a face alone would match it.
 * - supervisor.e2e near the end: it approves the demo employee's pending justification
 *   («Cita médica»), which employee-attendance.e2e and firefox.e2e read as pending (a falta).
 * - login.e2e last: it locks the demo operator's account (five wrong passwords) and resets the
 *   demo pensioner's password, which the other files log in with.
 *
 * Between those, and in the unit project, the order is vitest's own.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = ['e2e/pensioner.e2e.test.ts'];
const LAST = ['e2e/supervisor.e2e.test.ts', 'e2e/login.e2e.test.ts'];

function rank(spec: TestSpecification): number {
  const file = spec.moduleId.replaceAll('\\', '/');
  const first = FIRST.findIndex((name) => file.endsWith(name));
  if (first >= 0) return first - FIRST.length;
  const last = LAST.findIndex((name) => file.endsWith(name));
  return last >= 0 ? 1 + last : 0;
}

export class BrowserFileOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Projects stay where vitest put them; within one, the rank, then vitest's order.
    const projects = [...new Set(sorted.map((spec) => spec.project.name))];
    const key = (spec: TestSpecification) => projects.indexOf(spec.project.name);
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => key(a.spec) - key(b.spec) || rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
