import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { ReactNode } from 'react';
import type { ReaderPickerState } from './useReaderPicker.ts';

/**
 * The station, its fingerprint reader and (when asked) its camera, as three columns; `children`
 * fills the remaining columns of the same grid (the finger to put on the glass).
 */
export function ReaderPicker({ picker, disabled = false, children }: { picker: ReaderPickerState; disabled?: boolean; children?: ReactNode }) {
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' } }}>
      <TextField select label="Estación" value={picker.stationId} disabled={disabled} onChange={(e) => picker.setStationId(e.target.value)}>
        {picker.stations.map((s) => (
          <MenuItem key={s.id} value={s.id}>
            {s.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField select label="Lector de huella" value={picker.fingerReaderId} disabled={disabled} onChange={(e) => picker.setFingerReaderId(e.target.value)}>
        {picker.optional && <MenuItem value="">Ninguno</MenuItem>}
        {picker.fingerReaders.map((r) => (
          <MenuItem key={r.id} value={r.id}>
            {r.name}
          </MenuItem>
        ))}
      </TextField>
      {picker.withCamera && (
        <TextField select label="Cámara para el rostro" value={picker.faceReaderId} disabled={disabled} onChange={(e) => picker.setFaceReaderId(e.target.value)}>
          {picker.optional && <MenuItem value="">Ninguna</MenuItem>}
          {picker.faceReaders.map((r) => (
            <MenuItem key={r.id} value={r.id}>
              {r.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      {children}
    </Box>
  );
}
