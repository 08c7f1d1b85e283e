import type { Command } from 'commander';
import omelette from 'omelette';

/** What completes after a word: the commands under it, or the options of a leaf command. */
export interface CompletionTree {
  [word: string]: CompletionTree | string[];
}

/** The command tree commander holds, as the completer walks it: subcommands, else long options. */
export function completionTree(program: Command): CompletionTree {
  const tree: CompletionTree = {};
  for (const command of program.commands) {
    tree[command.name()] =
      command.commands.length > 0
        ? completionTree(command)
        : command.options.map((option) => option.long).filter((long): long is string => long !== undefined);
  }
  return tree;
}

/**
 * Answers the shell (omelette's protocol: `clos --compbash --compgen …` prints the words),
 * or prints the script to install with `clos --completion` (bash, zsh) or
 * `clos --completion-fish`. Ends the process.
 */
export function answerCompletion(program: Command): void {
  omelette('clos').tree(completionTree(program)).init();
}
