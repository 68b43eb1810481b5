import type { WindowStats } from "./ipc.js";

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Times (ms since the epoch) and latencies (ms) of events, in the order they were seen. */
export class Samples {
  private at = new Float64Array(1 << 16);
  private latency = new Float64Array(1 << 16);
  length = 0;

  add(at: number, latency: number): void {
    if (this.length === this.at.length) {
      const grow = (old: Float64Array) => {
        const bigger = new Float64Array(old.length * 2);
        bigger.set(old);
        return bigger;
      };
      this.at = grow(this.at);
      this.latency = grow(this.latency);
    }
    this.at[this.length] = at;
    this.latency[this.length] = latency;
    this.length += 1;
  }

  window(from: number, to: number): WindowStats {
    const inWindow: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const at = this.at[i]!;
      if (at >= from && at < to) inWindow.push(this.latency[i]!);
    }
    inWindow.sort((a, b) => a - b);
    return {
      count: inWindow.length,
      p50: percentile(inWindow, 0.5),
      p99: percentile(inWindow, 0.99),
      max: inWindow.length > 0 ? inWindow[inWindow.length - 1]! : NaN,
    };
  }
}
