export * from './config.js';
export * from './app.js';
export * from './outputs.js';
export { acknowledge } from './nag.js';
export { SUBNETS, NetworkStack, type NetworkStackProps } from './stacks/network-stack.js';
export * from './stacks/data-stack.js';
export * from './stacks/messaging-stack.js';
export * from './stacks/migrations-stack.js';
export * from './stacks/compute-stack.js';
export { SERVICE_DOCKERFILES, MIGRATE_COMMAND, serviceImage, type ServiceImage } from './constructs/service-images.js';
export {
  API_PORT,
  databaseEnvironment,
  serviceEnvironment,
  type DatabaseWiring,
  type ServiceEnvironment,
  type ServiceRole,
  type ServiceWiring,
} from './constructs/service-environment.js';
export { HEALTH_PATH } from './constructs/api-service.js';
export { TEMPORAL_PORT } from './constructs/temporal-server.js';
