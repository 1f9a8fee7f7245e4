// What the local host does on Ctrl-C and SIGTERM while it serves. Node's
// default would exit at once and leave the host (by then the Go binary)
// behind, or cut its graceful shutdown short.

export interface StopHandlers {
  /** SIGINT: a terminal's Ctrl-C, which also reaches the host in our process group. */
  onInterrupt: () => void;
  /** SIGTERM: sent to us alone (a supervisor, a test): pass it on. */
  onTerminate: () => void;
}

export async function whileServing<T>(handlers: StopHandlers, serve: () => Promise<T>): Promise<T> {
  process.on('SIGINT', handlers.onInterrupt);
  process.on('SIGTERM', handlers.onTerminate);
  try {
    return await serve();
  } finally {
    process.off('SIGINT', handlers.onInterrupt);
    process.off('SIGTERM', handlers.onTerminate);
  }
}
