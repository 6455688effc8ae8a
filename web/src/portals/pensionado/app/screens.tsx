import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Me, type ProofOutcome } from './api.ts';
import { useCamera } from './camera.ts';

export function Field(props: { label: string; value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; inputMode?: 'numeric' | 'email' | 'text'; required?: boolean }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input value={props.value} onChange={(e) => props.onChange(e.target.value)} type={props.type ?? 'text'} autoComplete={props.autoComplete} inputMode={props.inputMode} required={props.required ?? true} />
    </label>
  );
}

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? ((error.details?.problems as Array<{ message: string }> | undefined) ?? []) : [];
  return (
    <div className="problem" role="alert">
      <p>{message}</p>
      {problems.length > 0 && <ul>{problems.map((p) => <li key={p.message}>{p.message}</li>)}</ul>}
    </div>
  );
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function LoginScreen({ onLoggedIn, onRegister }: { onLoggedIn: () => void; onRegister: () => void }) {
  const [curp, setCurp] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.login(curp.trim().toUpperCase(), password);
      onLoggedIn();
    });
  };
  return (
    <form onSubmit={submit}>
      <h1>Entrar</h1>
      <Field label="CURP" value={curp} onChange={setCurp} autoComplete="username" />
      <Field label="Contraseña" value={password} onChange={setPassword} type="password" autoComplete="current-password" />
      <Problem error={error} />
      <button className="primary" disabled={busy}>Entrar</button>
      <button type="button" className="secondary" onClick={onRegister}>Registrarme por primera vez</button>
      <p><a href="/recuperar">Olvidé mi contraseña</a></p>
    </form>
  );
}

/** CURP and names → code by e-mail → password; then logs in. */
export function RegisterScreen({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [step, setStep] = useState<'datos' | 'codigo' | 'contrasena'>('datos');
  const [form, setForm] = useState({ curp: '', givenNames: '', firstSurname: '', secondSurname: '', email: '' });
  const [code, setCode] = useState('');
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const set = (key: keyof typeof form) => (v: string) => setForm({ ...form, [key]: v });
  const curp = form.curp.trim().toUpperCase();

  if (step === 'datos') {
    return (
      <form onSubmit={(e) => { e.preventDefault(); void run(async () => { await api.start({ ...form, curp, secondSurname: form.secondSurname.trim() || null }); setStep('codigo'); }); }}>
        <h1>Registro</h1>
        <p>Escriba sus datos tal como aparecen en su CURP.</p>
        <Field label="CURP" value={form.curp} onChange={set('curp')} />
        <Field label="Nombre(s)" value={form.givenNames} onChange={set('givenNames')} autoComplete="given-name" />
        <Field label="Primer apellido" value={form.firstSurname} onChange={set('firstSurname')} />
        <Field label="Segundo apellido (si tiene)" value={form.secondSurname} onChange={set('secondSurname')} required={false} />
        <Field label="Correo electrónico" value={form.email} onChange={set('email')} type="email" inputMode="email" autoComplete="email" />
        <Problem error={error} />
        <button className="primary" disabled={busy}>Enviarme un código</button>
        <button type="button" className="secondary" onClick={onCancel}>Ya tengo cuenta</button>
      </form>
    );
  }
  if (step === 'codigo') {
    return (
      <form onSubmit={(e) => { e.preventDefault(); void run(async () => { setToken((await api.confirm(curp, code)).token); setStep('contrasena'); }); }}>
        <h1>Revise su correo</h1>
        <p>Le enviamos un código de 6 números a <strong>{form.email}</strong>.</p>
        <Field label="Código" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" />
        <Problem error={error} />
        <button className="primary" disabled={busy}>Continuar</button>
        <button type="button" className="secondary" onClick={() => setStep('datos')}>Pedir otro código</button>
      </form>
    );
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); void run(async () => { await api.password(curp, token, password); await api.login(curp, password); onDone(); }); }}>
      <h1>Elija su contraseña</h1>
      <p>Al menos 10 caracteres, con letras y números.</p>
      <Field label="Contraseña" value={password} onChange={setPassword} type="password" autoComplete="new-password" />
      <Problem error={error} />
      <button className="primary" disabled={busy}>Crear mi cuenta</button>
    </form>
  );
}

export function ConsentScreen({ onDone }: { onDone: (me: Me) => void }) {
  const [notice, setNotice] = useState<{ version: string; title: string; text: string } | null>(null);
  const [agreed, setAgreed] = useState(false);
  const { busy, error, run } = useAction();
  useEffect(() => void api.notice().then(setNotice), []);
  if (!notice) return <p>Cargando…</p>;
  return (
    <div>
      <h1>Aviso de privacidad</h1>
      <div className="notice" tabIndex={0}>{notice.text.split(/\n{2,}/).map((p) => <p key={p.slice(0, 40)}>{p.replace(/[#*]/g, '')}</p>)}</div>
      <p className="small">Versión {notice.version} · <a href="/aviso-de-privacidad">Aviso de privacidad integral</a></p>
      <label className="check">
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
        <span>Autorizo de forma expresa que el IMSS use la foto de mi rostro y mis huellas para confirmar mi identidad y mi supervivencia.</span>
      </label>
      <Problem error={error} />
      <button className="primary" disabled={!agreed || busy} onClick={() => void run(async () => onDone(await api.consent(notice.version)))}>Acepto y continúo</button>
    </div>
  );
}

/** Live view with an oval guide; tries a photo every 2 s until the server accepts its quality. */
export function FaceScreen({ onDone }: { onDone: (me: Me) => void }) {
  const { video, ready, error: cameraError, snapshot } = useCamera();
  const [error, setError] = useState<unknown>(null);
  const [tries, setTries] = useState(0);
  const busy = useRef(false);
  useEffect(() => {
    if (!ready) return;
    const timer = setInterval(() => {
      if (busy.current) return;
      const frame = snapshot();
      if (!frame) return;
      busy.current = true;
      api.face(frame)
        .then((me) => { clearInterval(timer); onDone(me); })
        .catch((e: unknown) => { setError(e); setTries((n) => n + 1); if (e instanceof ApiError && e.code !== 'BIOMETRIC_QUALITY_LOW' && e.code !== 'FACE_NOT_FOUND') clearInterval(timer); })
        .finally(() => { busy.current = false; });
    }, 2000);
    return () => clearInterval(timer);
  }, [ready]);
  return (
    <div>
      <h1>Foto de su rostro</h1>
      <p>Ponga su cara dentro del óvalo, de frente, con buena luz y sin lentes oscuros. La foto se toma sola.</p>
      <div className="camera"><video ref={video} playsInline muted /><div className="oval" aria-hidden /></div>
      {cameraError && <Problem error={new Error(cameraError)} />}
      {!!error && <Problem error={error} />}
      {tries > 0 && <p className="small">Intentos: {tries}</p>}
    </div>
  );
}

const STEP_TEXT: Record<string, string> = { 'turn-left': 'Gire la cabeza a su izquierda', 'turn-right': 'Gire la cabeza a su derecha', blink: 'Parpadee', smile: 'Sonría' };

/** Proof of life: the challenge's steps, 8 seconds of frames at 5 per second, then the result. */
export function ProofScreen({ onDone }: { onDone: () => void }) {
  const { video, ready, error: cameraError, snapshot } = useCamera();
  const [phase, setPhase] = useState<'listo' | 'grabando' | 'enviando' | 'hecho'>('listo');
  const [steps, setSteps] = useState<string[]>([]);
  const [result, setResult] = useState<ProofOutcome | null>(null);
  const { error, run } = useAction();
  const start = () =>
    void run(async () => {
      const challenge = await api.challenge();
      setSteps(challenge.steps);
      setPhase('grabando');
      const face = snapshot()!;
      const frames: string[] = [];
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const f = snapshot();
        if (f) frames.push(f);
      }
      setPhase('enviando');
      setResult(await api.proof({ challengeId: challenge.id, frames, face }));
      setPhase('hecho');
    });
  return (
    <div>
      <h1>Comprobar supervivencia</h1>
      <div className="camera"><video ref={video} playsInline muted /><div className="oval" aria-hidden /></div>
      {cameraError && <Problem error={new Error(cameraError)} />}
      {phase === 'grabando' && <ol className="steps">{steps.map((s) => <li key={s}>{STEP_TEXT[s] ?? s}</li>)}</ol>}
      {phase === 'enviando' && <p>Revisando…</p>}
      {result?.outcome === 'aprobada' && <p className="ok">¡Listo! Su supervivencia quedó comprobada. Folio {result.folio}.</p>}
      {result?.outcome === 'fallida' && <p className="warn">{result.clinicRequired ? 'No se pudo comprobar hoy. Acuda a su Unidad de Medicina Familiar con una identificación. Su pago no se suspende.' : 'No se pudo comprobar. Siga las indicaciones frente a la cámara e intente de nuevo.'}</p>}
      <Problem error={error} />
      {phase === 'listo' && <button className="primary" disabled={!ready} onClick={start}>Empezar</button>}
      <button className="secondary" onClick={onDone}>Volver</button>
    </div>
  );
}

const STATUS: Record<Me['status'], { label: string; className: string }> = {
  vigente: { label: 'Vigente', className: 'ok' },
  por_vencer: { label: 'Por vencer', className: 'warn' },
  en_riesgo: { label: 'En riesgo', className: 'bad' },
};
const BIOMETRIC: Record<string, string> = {
  sin_rostro: 'Sin registro',
  registro_parcial_rostro: 'Registro parcial (rostro)',
  en_revision: 'En revisión',
  completo: 'Completo',
  rechazado: 'Rechazado',
};

export function HomeScreen({ me, onProve, onLogout }: { me: Me; onProve: () => void; onLogout: () => void }): ReactNode {
  const status = STATUS[me.status];
  return (
    <div>
      <h1>Hola, {me.name.split(' ')[0]}</h1>
      <section className={`card ${status.className}`} aria-label="Estado">
        <p className="big">Supervivencia: <strong>{status.label}</strong></p>
        <p>Próxima comprobación: <strong>{new Date(`${me.nextDueDate}T12:00:00`).toLocaleDateString('es-MX', { day: 'numeric', month: 'long', year: 'numeric' })}</strong></p>
        {me.status === 'en_riesgo' && <p>Su comprobación está vencida. Hágala hoy desde aquí o en su clínica. <strong>Su pago no se suspende por esto.</strong></p>}
        <p>Registro biométrico: {BIOMETRIC[me.biometricStatus] ?? me.biometricStatus}</p>
      </section>
      {me.clinicRequired ? (
        <p className="warn">Hoy ya no puede intentarlo desde el teléfono. Acuda a su Unidad de Medicina Familiar.</p>
      ) : (
        <button className="primary" onClick={onProve} disabled={me.biometricStatus !== 'registro_parcial_rostro' && me.biometricStatus !== 'completo'}>Comprobar supervivencia</button>
      )}
      <h2>Historial</h2>
      {me.proofs.length === 0 && <p>Aún no tiene comprobaciones.</p>}
      <ul className="history">
        {me.proofs.map((p) => (
          <li key={p.at}>
            {new Date(p.at).toLocaleDateString('es-MX')} · {p.outcome === 'aprobada' ? 'Aprobada' : 'No aprobada'}
            {p.folio && <> · <a href={`/api/pension/me/constancias/${p.folio}`} download>Descargar constancia</a></>}
          </li>
        ))}
      </ul>
      <p><a className="secondary" href="/mis-datos">Mis datos: descargar, quién los consultó, derechos ARCO</a></p>
      <button className="secondary" onClick={onLogout}>Salir</button>
    </div>
  );
}
