import TextField from '@mui/material/TextField';
import type { NewMovement } from '../../api/employer.ts';
import { JORNADAS, SALARY_TYPES, WORKER_TYPES } from './labels.ts';

export type SalaryInput = Pick<NewMovement, 'dailySalary' | 'integrationFactor' | 'workerType' | 'salaryType' | 'jornada' | 'reducedDays'>;

function NativeSelect<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: Record<T, string>; onChange: (value: T) => void }) {
  return (
    <TextField select label={label} value={value} onChange={(e) => onChange(e.target.value as T)} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
      {(Object.keys(options) as T[]).map((key) => (
        <option key={key} value={key}>
          {options[key]}
        </option>
      ))}
    </TextField>
  );
}

/**
 * Salary and working conditions of an alta or a salary change. The SBC (salario diario × factor
 * de integración, LSS art. 27–28) is computed and bounded by the server; shown here as a preview.
 */
export function SalaryFields({ value, onChange }: { value: SalaryInput; onChange: (value: SalaryInput) => void }) {
  const set = (patch: Partial<SalaryInput>) => onChange({ ...value, ...patch });
  const daily = Number(value.dailySalary);
  const factor = Number(value.integrationFactor);
  const preview = Number.isFinite(daily) && Number.isFinite(factor) && daily > 0 && factor > 0 ? (daily * factor).toFixed(2) : null;
  return (
    <>
      <TextField
        label="Salario diario (pesos)"
        value={value.dailySalary ?? ''}
        onChange={(e) => set({ dailySalary: e.target.value.replace(',', '.') })}
        required
        slotProps={{ htmlInput: { inputMode: 'decimal' } }}
        helperText="Por ejemplo 450.00"
      />
      <TextField
        label="Factor de integración"
        value={value.integrationFactor ?? ''}
        onChange={(e) => set({ integrationFactor: e.target.value.replace(',', '.') })}
        required
        slotProps={{ htmlInput: { inputMode: 'decimal' } }}
        helperText={preview ? `SBC estimado: $${preview} diarios (el servidor aplica el mínimo y el tope de 25 UMA)` : 'Mínimo de ley: 1.0493 (15 días de aguinaldo y prima vacacional)'}
      />
      <NativeSelect label="Tipo de trabajador" value={value.workerType ?? 'permanente'} options={WORKER_TYPES} onChange={(workerType) => set({ workerType })} />
      <NativeSelect label="Tipo de salario" value={value.salaryType ?? 'fijo'} options={SALARY_TYPES} onChange={(salaryType) => set({ salaryType })} />
      <NativeSelect label="Jornada" value={value.jornada ?? 'completa'} options={JORNADAS} onChange={(jornada) => set({ jornada, reducedDays: jornada === 'reducida' ? (value.reducedDays ?? 3) : undefined })} />
      {value.jornada === 'reducida' && (
        <TextField
          label="Días laborados por semana"
          type="number"
          value={value.reducedDays ?? ''}
          onChange={(e) => set({ reducedDays: e.target.value === '' ? undefined : Number(e.target.value) })}
          slotProps={{ htmlInput: { min: 1, max: 5 } }}
          helperText="De 1 a 5 días"
        />
      )}
    </>
  );
}

export { NativeSelect };
