/** Width the names are padded to, so prefixed lines line up. */
const NAME_WIDTH = 9;

/** Writes `line` to stdout prefixed with the name of the process that wrote it. */
export function printPrefixed(name: string, line: string): void {
  process.stdout.write(`${name.padEnd(NAME_WIDTH)}| ${line}\n`);
}
