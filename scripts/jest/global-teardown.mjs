/** Stops the stack started by global-setup.mjs: closing its stdin asks it to shut down. */
export default async function globalTeardown() {
  const child = globalThis.__closStack;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}
