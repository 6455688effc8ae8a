// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMPLOYEE, fakeServer, PENSIONER, type FakeAccount } from '../testing/fake-server.ts';
import { App } from './App.tsx';
import { AppProviders } from './AppProviders.tsx';

function renderApp(path: string, accounts: FakeAccount[] = [EMPLOYEE, PENSIONER]) {
  const server = fakeServer(accounts);
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders client={server.client}>
        <App />
      </AppProviders>
    </MemoryRouter>,
  );
  return server;
}

async function fillEmployeeLogin(matricula: string, ooadName: RegExp, password: string) {
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByLabelText(/Matrícula/), matricula);
  await user.selectOptions(screen.getByLabelText(/OOAD/), screen.getByRole('option', { name: ooadName }));
  await user.type(screen.getByLabelText(/^Contraseña/), password);
  await user.click(screen.getByRole('button', { name: 'Ingresar' }));
  return user;
}

// Portal pages are lazily loaded chunks; transform them once up front so a loaded machine does not
// turn the first lazy load into a timeout.
beforeAll(async () => {
  await Promise.all([import('../portals/empleado/Home.tsx'), import('../portals/pensionado/Home.tsx')]);
}, 120_000);
beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('login and portals', () => {
  it('logs an employee in, shows the employee portal with who is in it, and logs out', async () => {
    const server = renderApp('/ingresar');
    const user = await fillEmployeeLogin(' 99887766 ', /Ciudad de México Norte/, 'Contrasena2024');

    expect(await screen.findByTestId('portal-title')).toHaveProperty('textContent', 'Portal del empleado');
    expect(screen.getByTestId('user-name').textContent).toBe('María Guadalupe');
    expect(screen.getByTestId('user-role').textContent).toContain('Empleado IMSS');
    // The portal's page is a lazily loaded chunk: it arrives after the layout.
    expect((await screen.findByRole('heading', { level: 1, name: 'Hola, María Guadalupe' }, { timeout: 10_000 })).textContent).toBe('Hola, María Guadalupe');
    const login = server.requests.find((r) => r.url === '/api/auth/employee-login');
    expect(login?.body).toEqual({ matricula: '99887766', ooadCode: '35', password: 'Contrasena2024' });
    expect(login?.csrf).toBe('csrf-token');

    await user.click(screen.getByRole('button', { name: /Cerrar sesión/ }));
    expect(await screen.findByText('Cerró su sesión correctamente.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Inicio de sesión');
    expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/auth/logout')).toBe(true);
  });

  it('shows the server message for wrong credentials and stays on the login page', async () => {
    renderApp('/ingresar/personal');
    await fillEmployeeLogin('99887766', /Ciudad de México Norte/, 'equivocada1');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Los datos de acceso son incorrectos.');
    expect(screen.getByRole('button', { name: 'Ingresar' })).toHaveProperty('disabled', false);
    // The rejected password is cleared; what identifies the person stays for the next try.
    expect(screen.getByLabelText(/^Contraseña/)).toHaveProperty('value', '');
    expect(screen.getByLabelText(/^Matrícula/)).toHaveProperty('value', '99887766');
  });

  it('checks the fields before asking the server', async () => {
    const server = renderApp('/ingresar/personal');
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/Matrícula/), '12a');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(screen.getByText('La matrícula contiene solo dígitos (de 4 a 12).')).toBeTruthy();
    expect(screen.getByText('Seleccione la OOAD de su adscripción.')).toBeTruthy();
    expect(screen.getByText('Escriba su contraseña.')).toBeTruthy();
    expect(server.requests.some((r) => r.url.startsWith('/api/auth/'))).toBe(false);
  });

  it('on a locked account shows the wait and keeps the button disabled while it lasts', async () => {
    renderApp('/ingresar/personal', [{ ...EMPLOYEE, lockedSeconds: 90 }]);
    await fillEmployeeLogin('99887766', /Ciudad de México Norte/, 'Contrasena2024');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Intente de nuevo en 90 segundos');
    const button = screen.getByRole('button', { name: /Podrá intentar en 1:[23]\d/ });
    expect(button).toHaveProperty('disabled', true);
  });

  it('remembers the OOAD for the next login on this computer', async () => {
    renderApp('/ingresar/personal');
    await fillEmployeeLogin('99887766', /Ciudad de México Norte/, 'Contrasena2024');
    await screen.findByTestId('portal-title');
    expect(localStorage.getItem('siap.ooad')).toBe('35');
  });

  it('logs a pensioner in with the CURP tab, upper-casing what they type', async () => {
    const server = renderApp('/ingresar/curp');
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^CURP/), 'gomc600101mdfmrr08');
    await user.type(screen.getByLabelText(/^Contraseña/), 'Pension2024x');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect((await screen.findByTestId('portal-title')).textContent).toBe('Portal del pensionado');
    expect(server.requests.find((r) => r.url === '/api/auth/curp-login')?.body).toEqual({
      curp: 'GOMC600101MDFMRR08',
      password: 'Pension2024x',
    });
  });

  it('rejects a malformed CURP with the reason, without a request', async () => {
    const server = renderApp('/ingresar/curp');
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^CURP/), 'ABC');
    await user.type(screen.getByLabelText(/^Contraseña/), 'x');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(screen.getByText('La CURP debe tener 18 caracteres; se recibieron 3.')).toBeTruthy();
    expect(server.requests.some((r) => r.url === '/api/auth/curp-login')).toBe(false);
  });

  it('sends an anonymous visitor of a portal to the login page and back after login', async () => {
    renderApp('/empleado');
    // Two redirects (portal → /ingresar?volver=… → /ingresar/personal?volver=…) before the form.
    expect((await screen.findByRole('heading', { level: 1 }, { timeout: 5_000 })).textContent).toBe('Inicio de sesión');
    await fillEmployeeLogin('99887766', /Ciudad de México Norte/, 'Contrasena2024');
    expect((await screen.findByTestId('portal-title', {}, { timeout: 5_000 })).textContent).toBe('Portal del empleado');
  });

  it('tells a person of another role that the portal is not theirs', async () => {
    const server = fakeServer([EMPLOYEE, PENSIONER]);
    server.loginAs(PENSIONER.session);
    render(
      <MemoryRouter initialEntries={['/empleado']}>
        <AppProviders client={server.client}>
          <App />
        </AppProviders>
      </MemoryRouter>,
    );
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Sin acceso a este portal');
    expect(screen.getByTestId('portal-title').textContent).toBe('Portal del pensionado');
    expect(screen.getByRole('link', { name: 'Ir a mi portal' }).getAttribute('href')).toBe('/pensionado');
  });

  it('"/" opens the portal of whoever is logged in', async () => {
    const server = fakeServer([EMPLOYEE]);
    server.loginAs(EMPLOYEE.session);
    render(
      <MemoryRouter initialEntries={['/']}>
        <AppProviders client={server.client}>
          <App />
        </AppProviders>
      </MemoryRouter>,
    );
    expect((await screen.findByTestId('portal-title')).textContent).toBe('Portal del empleado');
  });
});

describe('password recovery', () => {
  it('goes from CURP to code and new password to done', async () => {
    const server = renderApp('/recuperar');
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^CURP/), 'GOMC600101MDFMRR08');
    await user.click(screen.getByRole('button', { name: 'Enviar código' }));
    expect(await screen.findByText(/enviamos un código/)).toBeTruthy();

    await user.type(screen.getByLabelText(/Código de 8 dígitos/), '12345678');
    await user.type(screen.getByLabelText(/^Nueva contraseña/), 'corta');
    await user.type(screen.getByLabelText(/^Confirme la nueva contraseña/), 'otra');
    await user.click(screen.getByRole('button', { name: 'Restablecer contraseña' }));
    const rules = screen.getByRole('alert');
    expect(within(rules).getByText('Debe tener al menos 10 caracteres.')).toBeTruthy();
    expect(within(rules).getByText('Debe incluir al menos una letra y un número.')).toBeTruthy();
    expect(within(rules).getByText('La confirmación no coincide con la nueva contraseña.')).toBeTruthy();
    expect(server.requests.some((r) => r.url === '/api/auth/recovery/confirm')).toBe(false);

    await user.clear(screen.getByLabelText(/^Nueva contraseña/));
    await user.type(screen.getByLabelText(/^Nueva contraseña/), 'NuevaClave2025');
    await user.clear(screen.getByLabelText(/^Confirme la nueva contraseña/));
    await user.type(screen.getByLabelText(/^Confirme la nueva contraseña/), 'NuevaClave2025');
    await user.click(screen.getByRole('button', { name: 'Restablecer contraseña' }));
    expect(await screen.findByText('Contraseña restablecida. Inicie sesión con su nueva contraseña.')).toBeTruthy();
    expect(server.requests.find((r) => r.url === '/api/auth/recovery/confirm')?.body).toEqual({
      curp: 'GOMC600101MDFMRR08',
      code: '12345678',
      newPassword: 'NuevaClave2025',
    });
  });

  it('shows the server message for a wrong code', async () => {
    renderApp('/recuperar');
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByLabelText(/^CURP/), 'GOMC600101MDFMRR08');
    await user.click(screen.getByRole('button', { name: 'Enviar código' }));
    await user.type(await screen.findByLabelText(/Código de 8 dígitos/), '00000000');
    await user.type(screen.getByLabelText(/^Nueva contraseña/), 'NuevaClave2025');
    await user.type(screen.getByLabelText(/^Confirme la nueva contraseña/), 'NuevaClave2025');
    await user.click(screen.getByRole('button', { name: 'Restablecer contraseña' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('El código de recuperación no es válido o ya venció.'));
  });
});

describe('session end', () => {
  it('returns to the login page with a notice when the server ends the session', async () => {
    const server = fakeServer([EMPLOYEE]);
    server.loginAs(EMPLOYEE.session);
    render(
      <MemoryRouter initialEntries={['/empleado']}>
        <AppProviders client={server.client}>
          <App />
        </AppProviders>
      </MemoryRouter>,
    );
    await screen.findByTestId('portal-title');
    server.endSession();
    // Any API call now answers 401; logout is the only one this portal makes today.
    await server.client.get('/api/session').catch(() => undefined);
    expect(await screen.findByText('Su sesión terminó o venció. Inicie sesión de nuevo.')).toBeTruthy();
  });
});
