import { cpuSnapshot, loadavg, othersShare, type SectionResult, type TargetRow } from "./report";

export type Mode = "full" | "quick" | "tiny";

/** Sizes and durations per mode. "full" is what the targets are stated for. */
export interface Profile {
  mode: Mode;
  /**
   * Warm-up is a number of requests: a fresh next-server needs a few thousand before its JIT settles. Each
   * variant is then measured for `cycles` slices of `sliceSec`, interleaved with the variants it is compared to.
   */
  throughput: { warmupRequests: number; sliceSec: number; cycles: number; connections: number };
  /** Section 2 and 4 share one population: `large` sessions, half of them expired on fs. */
  stores: { small: number; large: number; samples: number; sealed: number };
  writes: { httpRequests: number; burstConnections: number; simulatedRequests: number; simulatedHours: number };
  login: {
    durationSec: number;
    loginsPerSecond: number;
    heavyLoginsPerSecond: number;
    dashboardRate: number;
    hashes: number;
    warmupRequests: number;
  };
  memory: { first: number; total: number; sessions: number; connections: number };
  /** Section 7: households on the large event, and requests per page (after `warmup` of each). */
  party: {
    households: number;
    warmup: number;
    samples: number;
    checkRecords: [number, number];
    tripHouseholds: number;
  };
  /** Section 9: fresh `next start` processes timed to their first dashboard. */
  coldStarts: number;
  /** Section 8: page loads in throttled Chromium for the LCP. */
  phones: { loads: number };
  /** Section 10: households opening their links and answering, over `windowSec`, on two servers. */
  rush: { households: number; windowSec: number };
}

export const PROFILES: Record<Mode, Profile> = {
  full: {
    mode: "full",
    throughput: { warmupRequests: 3_000, sliceSec: 1, cycles: 40, connections: 10 },
    stores: { small: 1_000, large: 100_000, samples: 5_000, sealed: 2_000 },
    writes: { httpRequests: 10_000, burstConnections: 10, simulatedRequests: 10_000, simulatedHours: 96 },
    login: {
      durationSec: 20,
      loginsPerSecond: 4,
      heavyLoginsPerSecond: 10,
      dashboardRate: 20,
      hashes: 3,
      warmupRequests: 2_000,
    },
    memory: { first: 10_000, total: 100_000, sessions: 10_000, connections: 10 },
    party: { households: 300, warmup: 40, samples: 300, checkRecords: [10_000, 100_000], tripHouseholds: 20 },
    coldStarts: 5,
    phones: { loads: 5 },
    rush: { households: 500, windowSec: 60 },
  },
  quick: {
    mode: "quick",
    throughput: { warmupRequests: 200, sliceSec: 1, cycles: 3, connections: 10 },
    stores: { small: 1_000, large: 5_000, samples: 1_000, sealed: 500 },
    writes: { httpRequests: 500, burstConnections: 10, simulatedRequests: 2_000, simulatedHours: 96 },
    login: {
      durationSec: 3,
      loginsPerSecond: 4,
      heavyLoginsPerSecond: 10,
      dashboardRate: 20,
      hashes: 1,
      warmupRequests: 300,
    },
    memory: { first: 1_000, total: 2_000, sessions: 500, connections: 10 },
    party: { households: 100, warmup: 5, samples: 40, checkRecords: [2_000, 10_000], tripHouseholds: 5 },
    coldStarts: 1,
    phones: { loads: 1 },
    rush: { households: 40, windowSec: 5 },
  },
  // The smoke test's sizes: only proves that the bench still runs and prints its table.
  tiny: {
    mode: "tiny",
    throughput: { warmupRequests: 20, sliceSec: 1, cycles: 2, connections: 2 },
    stores: { small: 20, large: 100, samples: 50, sealed: 20 },
    writes: { httpRequests: 50, burstConnections: 2, simulatedRequests: 200, simulatedHours: 96 },
    login: {
      durationSec: 1,
      loginsPerSecond: 2,
      heavyLoginsPerSecond: 4,
      dashboardRate: 5,
      hashes: 1,
      warmupRequests: 20,
    },
    memory: { first: 50, total: 200, sessions: 20, connections: 2 },
    party: { households: 20, warmup: 2, samples: 5, checkRecords: [300, 1_500], tripHouseholds: 5 },
    coldStarts: 1,
    phones: { loads: 1 },
    rush: { households: 10, windowSec: 3 },
  },
};

export interface Context {
  profile: Profile;
  /** False with --no-http: the sections that need `next start` report NOT RUN. */
  http: boolean;
  /** Why private redis-servers cannot be started, or null when they can. */
  redisMissing: string | null;
  log(line: string): void;
}

export class SectionBuilder {
  readonly rows: TargetRow[] = [];
  readonly details: string[] = [];
  readonly notes: string[] = [];
  private readonly startedAt = performance.now();
  private readonly loadBefore = loadavg();
  private readonly cpuBefore = cpuSnapshot();

  constructor(
    readonly number: number,
    readonly title: string,
  ) {}

  row(measure: string, figure: string, target: string, verdict: TargetRow["verdict"]): void {
    this.rows.push({ measure, figure, target, verdict });
  }

  /** A target row judged by a comparison; `pass` decides PASS/MISS. */
  judge(measure: string, figure: string, target: string, pass: boolean): boolean {
    this.row(measure, figure, target, pass ? "PASS" : "MISS");
    return pass;
  }

  finish(): SectionResult {
    return {
      number: this.number,
      title: this.title,
      rows: this.rows,
      details: this.details,
      notes: this.notes,
      load: { before: this.loadBefore, after: loadavg() },
      othersCpu: othersShare(this.cpuBefore, cpuSnapshot()),
      elapsedMs: performance.now() - this.startedAt,
    };
  }
}

export function notRun(number: number, title: string, why: string, measures: string[]): SectionResult {
  const section = new SectionBuilder(number, title);
  for (const measure of measures) section.row(measure, "—", "—", "NOT RUN");
  section.notes.push(`Not run: ${why}`);
  return section.finish();
}
