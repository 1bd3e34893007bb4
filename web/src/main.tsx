import { createRoot } from 'react-dom/client';
import { App } from './app.js';

// After a rebuild (`npm run build:web`) the old page's lazily loaded chunks are gone: load the new build instead.
window.addEventListener('vite:preloadError', (event) => {
  event.preventDefault();
  const key = 'ys_reloaded_at';
  const last = Number(sessionStorage.getItem(key) ?? 0);
  if (Date.now() - last > 10_000) {
    sessionStorage.setItem(key, String(Date.now()));
    window.location.reload();
  }
});

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
