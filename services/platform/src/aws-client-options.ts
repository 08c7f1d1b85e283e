/** Endpoint, region and credentials shared by the AWS SDK clients CLOS creates. */
export interface AwsClientOptions {
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * SDK client options for an optional endpoint override. A local emulator
 * (dynalite, moto) on a loopback address accepts any credentials, so fixed
 * placeholder ones are passed there and `npm run up` needs no AWS account;
 * everywhere else the SDK's default credential chain applies.
 */
export function awsClientOptions(endpoint: string | undefined, region: string | undefined): AwsClientOptions {
  const options: AwsClientOptions = { region: region ?? 'us-east-1' };
  if (endpoint) {
    options.endpoint = endpoint;
    if (LOOPBACK.has(new URL(endpoint).hostname)) {
      options.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
  }
  return options;
}
