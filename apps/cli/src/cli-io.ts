/** Where the command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  /** The environment to read; the process's when omitted (loadConfig reads it). */
  env?: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
  /** Who runs the command, as the audit log records it (`cli:<user>`). */
  user: string;
  /** Whether a person is at a terminal: missing flags are asked for instead of refused. */
  interactive?: boolean;
  /** Where `clos login` keeps the token (default ~/.config/clos). */
  configDir?: string;
  /** The HTTP client (default global fetch). */
  fetch?: typeof fetch;
}
