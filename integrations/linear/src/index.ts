export {
  verifyLinearSignature,
  LINEAR_DELIVERY_HEADER,
  LINEAR_SIGNATURE_HEADER,
  LINEAR_TIMESTAMP_TOLERANCE_MS,
} from './webhook/verify-linear-signature.js';
export type { LinearSignatureResult, VerifyLinearSignatureInput } from './webhook/verify-linear-signature.js';
export type { WebhookHeaders } from './webhook/headers.js';
export { mapLinearWebhook } from './webhook/map-linear-webhook.js';
export type { LinearWebhookInput } from './webhook/map-linear-webhook.js';

export type { LinearClient, LinearIssueSummary } from './client/linear-client.js';
export { createSdkLinearClient, PROJECT_ISSUES_QUERY } from './client/sdk-linear-client.js';
export type { SdkLinearClientOptions } from './client/sdk-linear-client.js';
export { createDryRunLinearClient } from './client/dry-run-linear-client.js';
export type { DryRunLinearCall, DryRunLinearClient, DryRunLinearClientOptions } from './client/dry-run-linear-client.js';
export { createLinearClient } from './client/create-linear-client.js';
export type { LinearClientSettings } from './client/create-linear-client.js';
export { consoleLogger } from './client/logger.js';
export type { IntegrationLogger } from './client/logger.js';
