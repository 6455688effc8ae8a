import { useEffect } from 'react';

/** The pensioner portal is its own page (pensionado.html, a small bundle for phones): go there. */
export function PensionadoHome() {
  useEffect(() => window.location.replace('/pensionado/'), []);
  return null;
}
