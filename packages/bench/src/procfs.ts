/**
 * CPU time and memory of the processes involved, read from /proc while the bench runs (Linux).
 * Every process is put in one group (producer, consumer, nats-server, the PostgreSQL backends of
 * the bench's databases, ...). CPU: utime+stime deltas between two marks. Memory: the highest
 * VmHWM (peak resident set) seen per process. Everything else on the machine lands in "other":
 * with shared cores that is the interference the figures suffered.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports.

/**
 * The group of a process, undefined for "other", or null for "not yet known, ask again at the next
 * sample" (a PostgreSQL backend just forked still shows the postmaster's command line).
 */
export type Classifier = (pid: number, comm: string, cmdline: string) => string | undefined | null;

interface Tracked {
  group: string;
  comm: string;
  /** CPU ticks when first seen (0 when it started after the sampler). */
  baseTicks: number;
  ticks: number;
  hwmKb: number;
  /** Highest VmRSS seen by this sampler (VmHWM can predate the run, e.g. a long-lived server). */
  rssMaxKb: number;
  rssShmemKb: number;
}

export interface Peak {
  /** Highest VmHWM of one process of the group (peak since that process started). */
  hwmKb: number;
  /** Highest VmRSS of one process of the group seen while sampling (this run only). */
  rssMaxKb: number;
  /** Highest RssShmem seen (PostgreSQL: shared buffers mapped by the backend, counted in its RSS). */
  rssShmemKb: number;
  processes: number;
}

export interface CpuMark {
  at: number;
  groups: Map<string, number>;
  /** Processes of the "other" group, by command name. */
  others: Map<string, number>;
  /** /proc/stat: busy and total jiffies, all CPUs. */
  busy: number;
  total: number;
}

export class ProcSampler {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private first = true;
  readonly available: boolean;

  constructor(
    private readonly classify: Classifier,
    private readonly intervalMs = 250,
  ) {
    this.available = readable("/proc/self/stat");
  }

  start(): void {
    if (!this.available) return;
    this.sample();
    this.first = false;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.available) this.sample();
  }

  /** Takes a sample now and returns the cumulative CPU per group, for deltas between marks. */
  mark(): CpuMark {
    if (this.available) this.sample();
    const groups = new Map<string, number>();
    const others = new Map<string, number>();
    for (const t of this.tracked.values()) {
      groups.set(t.group, (groups.get(t.group) ?? 0) + (t.ticks - t.baseTicks));
      if (t.group === "other") others.set(t.comm, (others.get(t.comm) ?? 0) + (t.ticks - t.baseTicks));
    }
    const { busy, total } = this.available ? systemTicks() : { busy: 0, total: 0 };
    return { at: performance.now(), groups, others, busy, total };
  }

  /** CPU used per group between two marks, in % of one core. "cpu busy" is the whole machine. */
  static cpuBetween(from: CpuMark, to: CpuMark, cores: number): Map<string, number> {
    const seconds = (to.at - from.at) / 1000;
    const result = new Map<string, number>();
    for (const [group, ticks] of to.groups) {
      const delta = ticks - (from.groups.get(group) ?? 0);
      result.set(group, (100 * delta) / TICKS_PER_SECOND / seconds);
    }
    const total = to.total - from.total;
    result.set("machine busy", total > 0 ? (100 * cores * (to.busy - from.busy)) / total : NaN);
    return result;
  }

  /** The busiest processes outside the bench between two marks: "name 40%", in % of one core. */
  static othersBetween(from: CpuMark, to: CpuMark, top = 3): string[] {
    const seconds = (to.at - from.at) / 1000;
    return [...to.others]
      .map(
        ([comm, ticks]) => [comm, (100 * (ticks - (from.others.get(comm) ?? 0))) / TICKS_PER_SECOND / seconds] as const,
      )
      .filter(([, pct]) => pct >= 1)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([comm, pct]) => `${comm} ${pct.toFixed(0)}%`);
  }

  /** Memory peaks (KiB) of the group's processes, each figure the highest of any one process. */
  peak(group: string): Peak | undefined {
    let peak: Peak | undefined;
    for (const t of this.tracked.values()) {
      if (t.group !== group) continue;
      peak ??= { hwmKb: 0, rssMaxKb: 0, rssShmemKb: 0, processes: 0 };
      peak.processes += 1;
      peak.hwmKb = Math.max(peak.hwmKb, t.hwmKb);
      peak.rssMaxKb = Math.max(peak.rssMaxKb, t.rssMaxKb);
      peak.rssShmemKb = Math.max(peak.rssShmemKb, t.rssShmemKb);
    }
    return peak;
  }

  private sample(): void {
    let entries: string[];
    try {
      entries = readdirSync("/proc");
    } catch {
      return;
    }
    for (const entry of entries) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid <= 0) continue;
      const stat = readText(`/proc/${pid}/stat`);
      if (!stat) continue;
      // comm is in parentheses and may contain spaces: fields restart after the last ")".
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      const startTime = fields[19];
      const key = `${pid}:${startTime}`;
      let tracked = this.tracked.get(key);
      if (!tracked) {
        const cmdline = (readText(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " ").trim();
        const classified = this.classify(pid, comm, cmdline);
        if (classified === null) continue;
        const group = classified ?? "other";
        tracked = { group, comm, baseTicks: this.first ? ticks : 0, ticks, hwmKb: 0, rssMaxKb: 0, rssShmemKb: 0 };
        this.tracked.set(key, tracked);
      }
      tracked.ticks = ticks;
      if (tracked.group !== "other") {
        const status = readText(`/proc/${pid}/status`);
        if (status) {
          tracked.hwmKb = Math.max(tracked.hwmKb, kb(status, "VmHWM"));
          tracked.rssMaxKb = Math.max(tracked.rssMaxKb, kb(status, "VmRSS"));
          tracked.rssShmemKb = Math.max(tracked.rssShmemKb, kb(status, "RssShmem"));
        }
      }
    }
  }
}

function systemTicks(): { busy: number; total: number } {
  const line = (readText("/proc/stat") ?? "").split("\n")[0] ?? "";
  const [, ...values] = line.trim().split(/\s+/);
  const n = values.map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return { busy: total - idle, total };
}

function kb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : 0;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function readable(path: string): boolean {
  return readText(path) !== undefined;
}
