import { userInfo } from 'node:os';
import { buildProgram, runCli } from './cli.js';

/** The `clos` command (`npm run clos -- <args>`). */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  now: () => new Date(),
  user: currentUser(),
};

// The shell asks what may follow (omelette's flags): nothing runs, no database is opened.
if (['--compgen', '--completion', '--completion-fish'].some((flag) => process.argv.includes(flag))) {
  const { answerCompletion } = await import('./completion.js');
  answerCompletion(
    buildProgram(
      io,
      () => Promise.reject(new Error('completion opens no database')),
      () => undefined,
    ),
  );
} else {
  process.exitCode = await runCli(process.argv.slice(2), io);
}
