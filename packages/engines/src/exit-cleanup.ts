/**
 * Stopping the servers we started when the process exits or is interrupted.
 *
 * A PostgreSQL server is a separate process: if dbplay exits without stopping it, it keeps
 * running and its temporary directory stays behind. Each running server registers here.
 * On Ctrl-C (SIGINT) or SIGTERM we stop them all and then exit with the conventional code
 * (130 or 143); on a plain exit, which cannot wait for anything, we kill them and delete
 * their directories synchronously. While no server runs, no handler is installed, so
 * Ctrl-C behaves as usual. Anything else that must not outlive the process registers the
 * same way: the isolation runners' throwaway databases on a user's server, their SQLite files.
 */

export interface StoppableServer {
  /** The graceful stop: used on Ctrl-C, when there is time to wait. */
  stop(): Promise<void>;
  /** The last resort on process exit: must be synchronous. */
  killNow(): void;
}

const running = new Set<StoppableServer>();

const onSignal = (signal: NodeJS.Signals): void => {
  const code = signal === 'SIGINT' ? 130 : 143;
  void Promise.allSettled([...running].map((server) => server.stop())).finally(() => process.exit(code));
};
const onExit = (): void => {
  for (const server of running) server.killNow();
};

export function stopOnExit(server: StoppableServer): void {
  if (running.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', onExit);
  }
  running.add(server);
}

export function forgetOnExit(server: StoppableServer): void {
  running.delete(server);
  if (running.size === 0) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}
