import { IgnoreMode } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/** The Dockerfile of each service image, relative to the repository root (the build context). */
export const SERVICE_DOCKERFILES = {
  api: 'services/api/Dockerfile',
  processor: 'services/processor/Dockerfile',
  worker: 'workflows/Dockerfile',
} as const;

/** One of the images the CDK app builds. */
export type ServiceImage = keyof typeof SERVICE_DOCKERFILES;

/** The migration task runs the api image with this command instead of the api. */
export const MIGRATE_COMMAND = ['node', 'database/dist/src/cli.js'] as const;

/**
 * A service image built from the repository as a CDK asset (cdk-assets builds and pushes it
 * on deploy; synth only fingerprints the context). The build context is the whole workspace,
 * trimmed by the root `.dockerignore`, which CDK also honours when hashing and staging it.
 */
export function serviceImage(sourceRoot: string, image: ServiceImage): ecs.ContainerImage {
  return ecs.ContainerImage.fromAsset(sourceRoot, {
    file: SERVICE_DOCKERFILES[image],
    platform: Platform.LINUX_AMD64,
    ignoreMode: IgnoreMode.DOCKER,
    displayName: `clos-${image}`,
  });
}
