/**
 * Runs `cb` once the page has painted for the first time (the browser's first-contentful-paint
 * entry), or after `fallbackMs` where no such entry comes (a browser without paint timing, a
 * page opened in a background tab). Work that is not needed to read the essay waits for this,
 * so that it does not delay the first paint.
 */
export function afterFirstPaint(cb: () => void, fallbackMs = 2500): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
    // The paint entry is reported while the frame is presented; start on the task after it.
    setTimeout(cb, 0);
  };
  const painted = () => typeof performance !== 'undefined' && performance.getEntriesByType?.('paint').some((e) => e.name === 'first-contentful-paint');
  let observer: PerformanceObserver | null = null;
  const timer = setTimeout(run, fallbackMs);
  if (painted()) return run();
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) run();
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    observer = null; // no paint timing: the fallback runs it
  }
}
