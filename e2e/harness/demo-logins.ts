/**
 * The demo logins, read from what `npm start` prints (the README tells people to use those), so
 * the tests log in exactly as a person following the README would.
 */

/** How IMSS staff log in: matrícula + OOAD + contraseña. */
export interface DemoStaffLogin {
  matricula: string;
  ooadCode: string;
  /** As printed after the code, e.g. "Ciudad de México Norte". */
  ooadName: string;
  password: string;
}

const PASSWORD = /(?:contraseña|password)\s*[:=]?\s*(\S+)/i;

/**
 * The demo login of a staff role, from its banner line (`  empleado    matrícula … · OOAD … · contraseña …`);
 * `index` picks among several of one role (the demo has two supervisors, for four-eyes adjudication).
 */
export function demoStaffLogin(output: string, role: 'empleado' | 'operador' | 'supervisor' | 'admin' | 'medico', index = 0): DemoStaffLogin {
  const lines = output.split('\n').filter((l) => new RegExp(`^\\s*${role}\\b`, 'i').test(l) && /matr[ií]cula/i.test(l));
  // A restarted server prints its banner again: the same logins, once per start.
  const line = [...new Set(lines.map((l) => l.trim()))][index];
  const matricula = line && /matr[ií]cula\s*[:=]?\s*(\d{4,12})\b/i.exec(line)?.[1];
  const ooad = line ? /OOAD\s*[:=]?\s*(\d{1,4})\b(?:\s*\(([^)]+)\))?/i.exec(line) : null;
  const password = line && PASSWORD.exec(line)?.[1];
  if (!matricula || !ooad || !password) {
    throw new Error(`Could not read the demo ${role} login (matrícula, OOAD, contraseña) from the output of npm start:\n${output}`);
  }
  return { matricula, ooadCode: ooad[1], ooadName: ooad[2] ?? '', password: password.replace(/[.,;)]+$/, '') };
}

/** The second demo supervisor: confirms (or not) what the first proposed in an adjudication. */
export function demoSecondSupervisor(output: string): DemoStaffLogin {
  return demoStaffLogin(output, 'supervisor', 1);
}

export function demoEmployee(output: string): DemoStaffLogin {
  return demoStaffLogin(output, 'empleado');
}

export interface DemoCurpLogin {
  curp: string;
  password: string;
}

/** The demo login of a role that enters with its CURP (pensionado, patron, asegurado: the first one printed). */
export function demoCurpLogin(output: string, role: 'pensionado' | 'patron' | 'asegurado'): DemoCurpLogin {
  const line = output.split('\n').find((l) => new RegExp(`^\\s*${role}\\b`, 'i').test(l) && /\bCURP\b/.test(l));
  const curp = line && /\bCURP\s*[:=]?\s*([A-Z0-9]{18})\b/.exec(line)?.[1];
  const password = line && PASSWORD.exec(line)?.[1];
  if (!curp || !password) {
    throw new Error(`Could not read the demo ${role} login (CURP, contraseña) from the output of npm start:\n${output}`);
  }
  return { curp, password: password.replace(/[.,;)]+$/, '') };
}

/** The demo patrón's e.firma, as `npm start` prints it (server/src/modules/employer/demo-seed.ts). */
export interface DemoEfirma {
  rfc: string;
  registro: string;
  cer: string;
  key: string;
  password: string;
  enrolledWorkerCurp: string;
  unenrolledWorkerCurp: string;
}

export function demoEfirma(output: string): DemoEfirma {
  const header = /RFC\s+([A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}),\s*registro patronal\s+([A-Z0-9]{11})/.exec(output);
  const cer = /certificado \(\.cer\):\s*(\S+)/.exec(output)?.[1];
  const key = /clave privada \(\.key\):\s*(\S+)\s*·\s*contraseña de la clave\s+(\S+)/.exec(output);
  const workers = /con biometría:\s*CURP\s+([A-Z0-9]{18})\s*·\s*sin biometría:\s*CURP\s+([A-Z0-9]{18})/.exec(output);
  if (!header || !cer || !key || !workers) throw new Error(`Could not read the demo patrón's e.firma from the output of npm start:\n${output}`);
  return { rfc: header[1], registro: header[2], cer, key: key[1], password: key[2], enrolledWorkerCurp: workers[1], unenrolledWorkerCurp: workers[2] };
}

/**
 * The demo asegurado whose banner note contains `note` (the demo prints one per restriction
 * state: "restringido", "suspendido", "registrada").
 */
export function demoInsuredLogin(output: string, note: string): DemoCurpLogin {
  const line = output.split('\n').find((l) => /^\s*asegurado\b/i.test(l) && l.includes(note));
  const curp = line && /\bCURP\s*[:=]?\s*([A-Z0-9]{18})\b/.exec(line)?.[1];
  const password = line && PASSWORD.exec(line)?.[1];
  if (!curp || !password) throw new Error(`Could not read the demo asegurado (${note}) from the output of npm start:\n${output}`);
  return { curp, password: password.replace(/[.,;)]+$/, '') };
}
