import { ClosError } from '@clos/domain';

/** Where {@link bootOrExit} reports and how it stops the process. */
export interface BootOptions {
  /** Prints the failure; stderr when omitted. */
  print?: (text: string) => void;
  /** Ends the process; `process.exit` when omitted. */
  exit?: (code: number) => void;
}

/**
 * Runs a process's start-up and, if it throws, prints a clear error and exits
 * with status 1. Configuration and other coded errors print their message
 * only (it already names what is wrong); anything else prints its stack.
 */
export async function bootOrExit(start: () => unknown, options: BootOptions = {}): Promise<void> {
  const print = options.print ?? ((text: string) => process.stderr.write(`${text}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  try {
    await start();
  } catch (error) {
    const detail =
      error instanceof ClosError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    print(`clos: failed to start\n${detail}`);
    exit(1);
  }
}
