/** Messages between the orchestrator (bus.ts) and its worker processes, over the fork() IPC channel. */

export interface Usage {
  /** process.resourceUsage().maxRSS, in KiB. */
  maxRssKb: number;
  /** Highest figures of process.memoryUsage() seen (sampled every 250 ms), in MiB: where the RSS goes. */
  memory: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** process.cpuUsage() since the process started, in microseconds. */
  userUs: number;
  systemUs: number;
}

export type ProducerCommand =
  | { type: "max"; concurrency: number; maxBacklog: number }
  | { type: "rate"; concurrency: number; rate: number }
  | { type: "pause" }
  | { type: "consumed"; count: number }
  | { type: "stop" };

export type ProducerReport =
  | { type: "ready"; padChars: number; wireBytes: number }
  | { type: "progress"; produced: number; failed: number; lastError?: string }
  | { type: "paused"; produced: number; failed: number; scheduleLagMax: number }
  | { type: "stopped"; usage: Usage; produced: number; failed: number };

export type ConsumerCommand = { type: "window"; from: number; to: number } | { type: "stop" };

export interface WindowStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export type ConsumerReport =
  | { type: "ready" }
  | { type: "progress"; consumed: number }
  | { type: "window"; stats: WindowStats }
  | { type: "stopped"; usage: Usage; consumed: number };

export type PublisherReport = {
  type: "done";
  published: number;
  failed: number;
  seconds: number;
  window: number;
  bytes: number;
  usage: Usage;
  lastError?: string;
};

const memoryPeaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };

function sampleMemory(): void {
  const now = process.memoryUsage();
  for (const key of Object.keys(memoryPeaks) as (keyof typeof memoryPeaks)[]) {
    memoryPeaks[key] = Math.max(memoryPeaks[key], Math.round(now[key] / 1048576));
  }
}

/** Starts sampling process.memoryUsage() (workers call it once). */
export function watchMemory(): void {
  sampleMemory();
  setInterval(sampleMemory, 250).unref();
}

export function usage(): Usage {
  sampleMemory();
  const cpu = process.cpuUsage();
  return {
    maxRssKb: process.resourceUsage().maxRSS,
    memory: { ...memoryPeaks },
    userUs: cpu.user,
    systemUs: cpu.system,
  };
}

/** Sends to the parent; a worker started without an IPC channel is a programming error. */
export function toParent(message: unknown): void {
  if (!process.send) throw new Error("this file is a worker of bus.ts: start it with child_process.fork");
  process.send(message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
