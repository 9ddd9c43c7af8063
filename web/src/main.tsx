import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';
import { adoptTokenFromUrl } from './auth/token';
import './styles.css';

// A sign-in link (`switchboard token --link`) carries the token in the fragment: take it
// out of the address bar before anything renders.
adoptTokenFromUrl();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <AuthProvider>
        <App />
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
);
