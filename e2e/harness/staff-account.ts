import type { DemoPerson } from '@siap/mx-identity';
import { ApiSession } from './api-session.ts';
import { demoStaffLogin, type DemoStaffLogin } from './demo-logins.ts';

/**
 * A staff account of one test file's own, made as the admin portal makes one: on the run's shared
 * system (shared-system.ts) a file that enrolls "the employee" or clocks them in works on an
 * employee of its own, so the demo employee stays as the demo left them for the files that read
 * them. `register` first registers the person at the counter (a demo registry person not yet in
 * SIAP); without it the person must be registered already.
 */
export async function createStaffAccount(
  url: string,
  output: string,
  account: { curp: string; role: 'empleado' | 'operador' | 'supervisor'; matricula: string; password: string; register?: DemoPerson },
): Promise<DemoStaffLogin> {
  const admin = demoStaffLogin(output, 'admin');
  if (account.register) {
    const operator = await ApiSession.staff(url, demoStaffLogin(output, 'operador'));
    const { curp, givenNames, firstSurname, secondSurname } = account.register;
    await operator.request('POST', '/api/identities', { curp, givenNames, firstSurname, secondSurname });
  }
  const staff = await ApiSession.staff(url, admin);
  await staff.request('POST', '/api/accounts', { curp: account.curp, role: account.role, matricula: account.matricula, ooadCode: admin.ooadCode, password: account.password });
  return { matricula: account.matricula, ooadCode: admin.ooadCode, ooadName: admin.ooadName, password: account.password };
}
