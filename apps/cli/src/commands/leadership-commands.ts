import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { registerAnalyzeCommands } from './analyze-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { commandContext } from './command-context.js';
import { registerDailyCommands } from './daily-commands.js';
import { registerDecisionCommands } from './decision-commands.js';
import { registerEmergencyCommands } from './emergency-commands.js';
import { registerExportCommands } from './export-commands.js';
import { registerLoginCommands } from './login-commands.js';
import { registerMonthlyCommands } from './monthly-commands.js';
import { registerProjectCommands } from './project-commands.js';
import { registerWeeklyCommands } from './weekly-commands.js';

/** The commands that call the api (CLOS_API_URL with CLOS_TOKEN, or "clos login"). */
export function registerLeadershipCommands(program: Command, io: CliIo): void {
  const ctx = commandContext(io);
  for (const register of [
    registerLoginCommands,
    registerDailyCommands,
    registerDecisionCommands,
    registerWeeklyCommands,
    registerMonthlyCommands,
    registerProjectCommands,
    registerEmergencyCommands,
    registerAnalyzeCommands,
    registerExportCommands,
    registerBackupCommands,
  ]) {
    register(program, ctx);
  }
}
