/**
 * Backends whose programs run as the user (Landlock, Seatbelt, the plain process) cannot give a
 * job a process limit of its own: the kernel counts RLIMIT_NPROC over all of the user's tasks.
 * So each job may have `additional` tasks on top of those the user runs when it starts, plus
 * `additional` for every other server of this Akkhara that may run a job beside it: two programs
 * at once never take each other's share, and a fork bomb still cannot take the user's last
 * processes (the harness keeps a reserve under the user's own limit).
 */
let liveServers = 0;

export interface ServerShare {
  /** The job fields for the harness, read when each job is sent (other servers come and go). */
  readonly jobExtras: () => Record<string, unknown>;
  /** The server is gone; safe to call more than once. */
  readonly leave: () => void;
}

export function joinSharedUserLimit(additional: number, userBase = 0): ServerShare {
  liveServers += 1;
  let left = false;
  return {
    jobExtras: () => ({
      processLimit: additional,
      processLimitMode: 'additional',
      processBase: userBase + additional * Math.max(0, liveServers - 1),
    }),
    leave: () => {
      if (left) return;
      left = true;
      liveServers -= 1;
    },
  };
}
