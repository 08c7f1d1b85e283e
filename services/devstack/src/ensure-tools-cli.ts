import { ensureTools } from './ensure-tools.js';

/** Installs the pinned Python tools (Temporal CLI and test server, moto) if missing. */
ensureTools({ log: (line) => console.error(`tools: ${line}`) }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`tools: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
