import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PensionerApp } from './App.tsx';
import './pensionado.css';

const root = document.getElementById('root');
if (!root) throw new Error('pensionado.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <PensionerApp />
  </StrictMode>,
);

// The app shell only (see public/pensionado-sw.js): never API answers, photos or constancias.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/pensionado-sw.js', { scope: '/pensionado/' }).catch(() => undefined);
