import { registerServiceWorker } from './isolation';
import { afterFirstPaint } from './first-paint';
import './styles/essay.css';
import './styles/excerpts.css';
import './styles/cell.css';
import '../components/nb-essay';

// The essay paints first; the cells (and, once the page is idle, Plotly) load after it.
afterFirstPaint(() => {
  import('./cell-components')
    .then((m) => m.preloadPlotlyWhenIdle())
    .catch((e: unknown) => {
      console.error('the live cells failed to load', e);
      for (const slot of document.querySelectorAll('.nb-cell-slot')) {
        const note = document.createElement('p');
        note.className = 'nb-cell-failed';
        note.setAttribute('role', 'alert');
        note.textContent = `This live cell could not be loaded (${e instanceof Error ? e.message : String(e)}). The essay is all here; reload the page to try the cells again.`;
        slot.append(note);
      }
    });
});
// After the first paint: the worker's install copies the bundles, which must not compete with the essay.
afterFirstPaint(registerServiceWorker);
