import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import { POSTGRES_PORT } from '../stacks/data-stack.js';

/**
 * Lets `peer` reach the database. The ingress rule is created in `scope`'s stack — the
 * consumer's — so the data stack never references the stacks that depend on it.
 */
export function allowDatabaseFrom(
  scope: Construct,
  id: string,
  database: rds.IDatabaseInstance,
  peer: ec2.IConnectable,
  description: string,
): void {
  const [databaseGroup] = database.connections.securityGroups;
  if (!databaseGroup) throw new Error('the database has no security group');
  const local = ec2.SecurityGroup.fromSecurityGroupId(scope, id, databaseGroup.securityGroupId, {
    mutable: true,
    allowAllOutbound: false,
  });
  for (const group of peer.connections.securityGroups) {
    local.addIngressRule(group, ec2.Port.tcp(POSTGRES_PORT), description);
  }
}
