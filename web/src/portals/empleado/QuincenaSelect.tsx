import TextField from '@mui/material/TextField';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { recentQuincenas, type QuincenaChoice } from './quincenas.ts';

/** Jump straight to any of the last twelve months' quincenas (besides «Anterior» / «Siguiente»). */
export function QuincenaSelect({ choice }: { choice: QuincenaChoice }) {
  const navigate = useNavigate();
  const options = useMemo(() => {
    const recent = recentQuincenas();
    return recent.some((o) => o.id === choice.id) ? recent : [{ id: choice.id, label: choice.label }, ...recent];
  }, [choice.id, choice.label]);
  return (
    <TextField
      select
      size="small"
      label="Elegir quincena"
      value={choice.id}
      onChange={(event) => navigate(`?quincena=${event.target.value}`)}
      sx={{ minWidth: 260 }}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
    >
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}
