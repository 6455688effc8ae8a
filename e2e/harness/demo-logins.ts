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

/** The demo login of a staff role, from its banner line (`  empleado    matrícula … · OOAD … · contraseña …`). */
export function demoStaffLogin(output: string, role: 'empleado' | 'operador' | 'supervisor' | 'admin' | 'medico'): DemoStaffLogin {
  const line = output.split('\n').find((l) => new RegExp(`^\\s*${role}\\b`, 'i').test(l) && /matr[ií]cula/i.test(l));
  const matricula = line && /matr[ií]cula\s*[:=]?\s*(\d{4,12})\b/i.exec(line)?.[1];
  const ooad = line ? /OOAD\s*[:=]?\s*(\d{1,4})\b(?:\s*\(([^)]+)\))?/i.exec(line) : null;
  const password = line && PASSWORD.exec(line)?.[1];
  if (!matricula || !ooad || !password) {
    throw new Error(`Could not read the demo ${role} login (matrícula, OOAD, contraseña) from the output of npm start:\n${output}`);
  }
  return { matricula, ooadCode: ooad[1], ooadName: ooad[2] ?? '', password: password.replace(/[.,;)]+$/, '') };
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
