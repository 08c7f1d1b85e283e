import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `clos` as a shell runs it: the bin npm links, in a process of its own. */
const BIN = fileURLToPath(new URL('../bin/clos.mjs', import.meta.url));
const clos = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { code: result.status, lines: result.stdout.split('\n').filter(Boolean), stdout: result.stdout };
};

describe('clos shell completion', () => {
  it('offers the commands, then a group’s subcommands, then a command’s options', () => {
    expect(clos('--compbash', '--compgen', '1', 'clos', 'clos ').lines).toEqual(expect.arrayContaining(['daily', 'decision', 'backup', 'token', 'doctor']));
    expect(clos('--compbash', '--compgen', '2', 'daily', 'clos daily ').lines).toEqual(['checkin', 'mission', 'paralysis', 'complete', 'reflect', 'show']);
    expect(clos('--compbash', '--compgen', '3', 'checkin', 'clos daily checkin ').lines).toEqual(
      expect.arrayContaining(['--energy', '--stress', '--tension', '--circular', '--mission', '--json']),
    );
  }, 60_000);

  it('prints the script to source for bash and zsh, and for fish', () => {
    const script = clos('--completion');
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('complete -F _clos_completion clos');
    expect(script.stdout).toContain('compdef _clos_completion clos');
    expect(clos('--completion-fish').stdout).toContain('complete -f -c clos');
  }, 60_000);
});
