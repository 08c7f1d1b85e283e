import { userInfo } from 'node:os';
import { runCli } from './cli.js';

/** The `clos` command (`npm run clos -- <args>`). */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
  user: currentUser(),
});
