/** What `npm run up -- <flags>` asks for. */
export interface UpArgs {
  /** Run demo traffic: `--demo` forces it on, `--no-demo` off; by default on for the demo organisation only. */
  demo: boolean;
}

/** Reads `npm run up`'s flags; throws naming an unknown one. */
export function parseUpArgs(args: readonly string[], demoConfig: boolean): UpArgs {
  let demo = demoConfig;
  for (const arg of args) {
    if (arg === '--demo') demo = true;
    else if (arg === '--no-demo') demo = false;
    else throw new Error(`unknown flag ${arg}; npm run up takes --demo (demo traffic for any config) or --no-demo`);
  }
  return { demo };
}
