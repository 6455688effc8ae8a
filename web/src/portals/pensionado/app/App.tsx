import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Me } from './api.ts';
import { ConsentScreen, FaceScreen, HomeScreen, LoginScreen, ProofScreen, RegisterScreen } from './screens.tsx';

type Screen = 'cargando' | 'entrar' | 'registro' | 'inicio' | 'prueba';

/**
 * The pensioner portal: a page of its own (pensionado.html) with plain React and CSS, large type
 * and touch targets for 360–430 px phones. Where a registration stands comes from the server
 * (GET /api/pension/me), so a dropped connection resumes at the same step.
 */
export function PensionerApp() {
  const [screen, setScreen] = useState<Screen>('cargando');
  const [me, setMe] = useState<Me | null>(null);

  const load = useCallback(async () => {
    try {
      setMe(await api.me());
      setScreen('inicio');
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) setScreen('entrar');
      else throw error;
    }
  }, []);
  useEffect(() => void load(), [load]);

  let body;
  if (screen === 'cargando') body = <p>Cargando…</p>;
  else if (screen === 'entrar') body = <LoginScreen onLoggedIn={() => void load()} onRegister={() => setScreen('registro')} />;
  else if (screen === 'registro') body = <RegisterScreen onDone={() => void load()} onCancel={() => setScreen('entrar')} />;
  else if (!me) body = null;
  else if (me.step === 'consentimiento') body = <ConsentScreen onDone={setMe} />;
  else if (me.step === 'rostro') body = <FaceScreen onDone={setMe} />;
  else if (screen === 'prueba') body = <ProofScreen onDone={() => { setScreen('inicio'); void load(); }} />;
  else body = <HomeScreen me={me} onProve={() => setScreen('prueba')} onLogout={() => void api.logout().finally(() => { setMe(null); setScreen('entrar'); })} />;

  return (
    <>
      <header className="bar"><span>IMSS · Pensionados</span></header>
      <main>{body}</main>
    </>
  );
}
