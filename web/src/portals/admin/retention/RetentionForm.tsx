import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { RetentionCategory } from '../../../api/privacy.ts';
import { categoryLabel, MAX_DAYS, MIN_DAYS, validateChange } from './labels.ts';

export interface RetentionChange {
  category: string;
  dias: number;
  reason: string;
}

/** Choose a category, its new period and why; checked here with the server's bounds and messages. */
export function RetentionForm({ categories, saving, onSave }: { categories: RetentionCategory[]; saving: boolean; onSave: (change: RetentionChange) => Promise<boolean> }) {
  const [category, setCategory] = useState(categories[0]?.category ?? '');
  const [days, setDays] = useState(String(categories[0]?.dias ?? ''));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ days?: string; reason?: string }>({});
  const current = categories.find((c) => c.category === category);

  function choose(next: string) {
    setCategory(next);
    setDays(String(categories.find((c) => c.category === next)?.dias ?? ''));
    setErrors({});
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const found = validateChange(days, reason);
    setErrors(found);
    if (found.days || found.reason) return;
    if (await onSave({ category, dias: Number(days), reason: reason.trim() })) setReason('');
  }

  return (
    <Box component="form" noValidate onSubmit={(e) => void submit(e)} sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <TextField select label="Categoría" value={category} onChange={(e) => choose(e.target.value)} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} sx={{ minWidth: 300 }}>
        {categories.map((c) => (
          <option key={c.category} value={c.category}>
            {categoryLabel(c.category)}
          </option>
        ))}
      </TextField>
      <TextField
        label="Plazo (días)"
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={Boolean(errors.days)}
        helperText={errors.days ?? `Entre ${MIN_DAYS} y ${MAX_DAYS.toLocaleString('es-MX')}; el de la política es ${current?.defaultDias.toLocaleString('es-MX') ?? '—'}.`}
        slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        sx={{ width: 220 }}
      />
      <TextField
        label="Motivo del cambio"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={Boolean(errors.reason)}
        helperText={errors.reason ?? 'Queda en la bitácora, con su cuenta y la fecha.'}
        sx={{ minWidth: 320, flex: 1 }}
      />
      <Button type="submit" variant="contained" disabled={saving} sx={{ mt: 1 }}>
        Guardar plazo
      </Button>
    </Box>
  );
}
