/**
 * A Lit controller for stepping through a recorded episode: a time `t` in 0..max, Play (a few frames a
 * second, stopping at the end), Pause, and a slider's input. It shows the end (whole paths) until the
 * reader moves back. The host re-renders on every change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class Playback implements ReactiveController {
  t = 0;
  max = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fps = 6,
  ) {
    host.addController(this);
  }

  get playing(): boolean {
    return this.timer !== null;
  }

  /** Whether t follows the end of the recording (until the reader moves it back). */
  private following = true;

  /** A new recording of `max` + 1 frames; t stays within it, or at its end while it follows the end. */
  setMax(max: number): void {
    this.max = Math.max(0, max);
    if (this.following && !this.timer) this.t = this.max;
    if (this.t > this.max) this.t = this.max;
  }

  seek(t: number): void {
    this.t = Math.max(0, Math.min(this.max, Math.round(t)));
    this.following = this.t === this.max;
    this.host.requestUpdate();
  }

  play(): void {
    if (this.timer) return;
    if (this.t >= this.max) this.t = 0;
    this.timer = setInterval(() => {
      if (this.t >= this.max) this.pause();
      else this.seek(this.t + 1);
    }, 1000 / this.fps);
    this.host.requestUpdate();
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.pause();
  }
}
