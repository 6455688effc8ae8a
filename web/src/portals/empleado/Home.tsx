import { AttendancePage } from './AttendancePage.tsx';

/** The employee portal opens on the attendance of the current quincena. */
export function EmpleadoHome() {
  return <AttendancePage />;
}
