import { DescribeTasksCommand, ECSClient, RunTaskCommand, waitUntilTasksStopped } from '@aws-sdk/client-ecs';
import { MIGRATION_OUTPUTS } from '../lib/outputs.js';
import { DeployError } from './deploy-error.js';

/**
 * Runs the one-off migration task the migrations stack defines and waits for it: resolves
 * when it exits 0, throws MIGRATION_FAILED (naming its log group) otherwise.
 */
export async function runMigrationTask(
  outputs: Readonly<Record<string, string>>,
  region: string,
  log: (line: string) => void,
): Promise<void> {
  const need = (key: string): string => {
    const value = outputs[key];
    if (!value) throw new DeployError('MISSING_OUTPUT', `the migrations stack has no output ${key}`);
    return value;
  };
  const cluster = need(MIGRATION_OUTPUTS.cluster);
  const logGroup = need(MIGRATION_OUTPUTS.logGroup);
  const ecs = new ECSClient({ region });
  try {
    const started = await ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: need(MIGRATION_OUTPUTS.taskDefinition),
        launchType: 'FARGATE',
        count: 1,
        startedBy: 'clos-deploy',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: need(MIGRATION_OUTPUTS.subnets).split(','),
            securityGroups: [need(MIGRATION_OUTPUTS.securityGroup)],
            assignPublicIp: 'DISABLED',
          },
        },
      }),
    );
    const taskArn = started.tasks?.[0]?.taskArn;
    if (!taskArn) {
      const reasons = (started.failures ?? []).map((f) => `${f.arn ?? ''} ${f.reason ?? ''}`.trim()).join('; ');
      throw new DeployError('MIGRATION_FAILED', `the migration task did not start: ${reasons || 'no reason given'}`);
    }
    log(`migrations: task ${taskArn.split('/').pop()} started, waiting for it to finish`);
    await waitUntilTasksStopped({ client: ecs, maxWaitTime: 15 * 60, minDelay: 5, maxDelay: 15 }, { cluster, tasks: [taskArn] });
    const described = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
    const task = described.tasks?.[0];
    const exitCode = task?.containers?.[0]?.exitCode;
    if (exitCode !== 0) {
      throw new DeployError(
        'MIGRATION_FAILED',
        `the migration task failed (exit ${exitCode ?? 'unknown'}${task?.stoppedReason ? `, ${task.stoppedReason}` : ''}); its output is in the log group ${logGroup}`,
      );
    }
    log('migrations: done');
  } finally {
    ecs.destroy();
  }
}
