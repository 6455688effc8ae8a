// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FingerGrid, type FingerSlot } from './FingerGrid.tsx';

afterEach(cleanup);

const slots: Record<number, FingerSlot> = {
  1: { capture: { modality: 'huella', position: 1, status: 'capturada', reason: null, quality: { score: 87, problems: [] }, attempts: 2 }, error: null, busy: false },
  2: { capture: null, error: 'La calidad de la huella es insuficiente; recapture.', busy: false },
  10: { capture: { modality: 'huella', position: 10, status: 'no_disponible', reason: 'amputacion', quality: { score: null, problems: [] }, attempts: 1 }, error: null, busy: false },
};

describe('FingerGrid', () => {
  it('shows each finger’s state: quality and attempt, the reason a capture failed, why a finger is missing', () => {
    render(<FingerGrid slots={slots} fileReader={false} onCapture={() => {}} onUnavailable={() => {}} />);
    const thumb = screen.getByRole('region', { name: 'Pulgar derecho' });
    expect(within(thumb).getByText('Calidad 87/100 · intento 2')).toBeTruthy();
    expect(within(thumb).getByRole('button', { name: 'Recapturar pulgar derecho' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Índice derecho' })).getByText(/calidad de la huella es insuficiente/)).toBeTruthy();
    const little = screen.getByRole('region', { name: 'Meñique izquierdo' });
    expect(within(little).getByText('No disponible: Amputación')).toBeTruthy();
    expect(within(little).queryByRole('button', { name: /como no disponible/ })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Medio derecho' })).getByText('Pendiente')).toBeTruthy();
  });

  it('captures a finger and marks another unavailable with the chosen reason', async () => {
    const user = userEvent.setup();
    const onCapture = vi.fn();
    const onUnavailable = vi.fn();
    render(<FingerGrid slots={{}} fileReader={false} onCapture={onCapture} onUnavailable={onUnavailable} />);
    await user.click(screen.getByRole('button', { name: 'Capturar medio izquierdo' }));
    expect(onCapture).toHaveBeenCalledWith(8);

    await user.click(screen.getByRole('button', { name: 'Marcar anular derecho como no disponible' }));
    const ring = screen.getByRole('region', { name: 'Anular derecho' });
    await user.click(within(ring).getByRole('combobox', { name: 'Motivo' }));
    await user.click(screen.getByRole('option', { name: 'Vendaje' }));
    await user.click(within(ring).getByRole('button', { name: 'Confirmar' }));
    expect(onUnavailable).toHaveBeenCalledWith(4, 'vendaje');
  });
});
