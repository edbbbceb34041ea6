import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { App } from './App';
import { PassphraseGate } from './components/PassphraseGate';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PassphraseGate api={connect()}>{(api) => <App api={api} />}</PassphraseGate>
  </StrictMode>,
);
