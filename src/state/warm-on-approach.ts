/**
 * A Lit reactive controller that warms a cell up as the reader approaches it: when the element
 * comes within about one screen of the viewport (or gets focus) it asks the run to get ready
 * (RunController.warm) through the page's WarmQueue, one cell at a time; a minute after the reader
 * has scrolled away from a cell that was never trained, it lets the warm worker go.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BackendChoice } from '../../workers/protocol';
import type { RunController } from './run-controller';
import { warmQueue } from './warm-queue';

/** A warm-up the reader scrolled away from is let go after this long. */
export const COOL_AFTER_MS = 60_000;

export class WarmOnApproach<C> implements ReactiveController {
  private near = false;
  private queued = false;
  private coolTimer: ReturnType<typeof setTimeout> | null = null;
  private observer: IntersectionObserver | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly run: RunController<C, unknown>,
    /** The settings Train would use now. */
    private readonly settings: () => { config: C; backend: BackendChoice },
  ) {
    host.addController(this);
  }

  /** 'loading' while the cell gets ready before Train, 'ready' once it is, else null. */
  get state(): 'loading' | 'ready' | null {
    return this.run.warming ? 'loading' : this.run.warmReady ? 'ready' : null;
  }

  hostConnected(): void {
    this.host.addEventListener('focusin', this.approach);
    if (typeof IntersectionObserver === 'undefined') return;
    // Near: within about one screen above or below the viewport.
    this.observer = new IntersectionObserver((entries) => (entries.some((e) => e.isIntersecting) ? this.approach() : this.leave()), {
      rootMargin: '100% 0px 100% 0px',
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('focusin', this.approach);
    this.observer?.disconnect();
    this.observer = null;
    if (this.coolTimer !== null) clearTimeout(this.coolTimer);
    this.near = false;
  }

  /** After a Reset: a cell still near the viewport gets its fresh worker ready again. */
  again(): void {
    if (this.near) this.approach();
  }

  private approach = (): void => {
    this.near = true;
    if (this.coolTimer !== null) clearTimeout(this.coolTimer);
    this.coolTimer = null;
    if (this.queued || this.run.status !== 'idle') return;
    this.queued = true;
    warmQueue.add(() => this.warmUp());
  };

  private leave(): void {
    this.near = false;
    if (this.coolTimer !== null) clearTimeout(this.coolTimer);
    this.coolTimer = setTimeout(() => this.run.cool(), COOL_AFTER_MS);
  }

  private async warmUp(): Promise<void> {
    this.queued = false;
    if (!this.near || !this.host.isConnected) return;
    const { config, backend } = this.settings();
    this.run.warm(config, backend);
    this.host.requestUpdate();
    // The next cell's warm-up waits for this one, and for its first point when Train came first:
    // on two cores a second worker starting up would slow the run the reader is waiting for.
    const starting = () => this.run.warming || (this.run.status === 'running' && this.run.history.length === 0);
    while (starting() && this.host.isConnected) await new Promise((r) => setTimeout(r, 100));
  }
}
