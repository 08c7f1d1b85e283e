/** What the banner shows once the stack is healthy. */
export interface UpBanner {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  dynamodbEndpoint: string;
  dataDir: string;
  closConfigPath: string;
  seconds: number;
  /** The dashboard, when the api serves it. */
  dashboardUrl?: string;
  /** The command that opens a pull request over the limit in the demo, when demo traffic runs. */
  demoCommand?: string;
  /** A fresh one-time admin login link (opens a browser session), when one could be made. */
  loginUrl?: string;
}

/** The lines printed when everything answers: where to go and where the data lives. */
export function formatBanner(banner: UpBanner): string {
  const rows: Array<[string, string]> = [
    ...(banner.dashboardUrl ? [['dashboard', banner.dashboardUrl] as [string, string]] : []),
    ['api', banner.apiUrl],
    ['health', `${banner.apiUrl}/healthz`],
    ...(banner.loginUrl ? [['log in', `${banner.loginUrl}  (admin, works once, 15 min)`] as [string, string]] : []),
    ...(banner.temporalUiUrl ? [['Temporal UI', banner.temporalUiUrl] as [string, string]] : []),
    ['Temporal', banner.temporalAddress],
    ['Postgres', banner.databaseUrl.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@')],
    ['DynamoDB', banner.dynamodbEndpoint],
    ['data', banner.dataDir],
    ['clos.yml', banner.closConfigPath],
    ...(banner.demoCommand ? [['try it', `${banner.demoCommand}  (opens a PR over the WIP limit, prints why it is blocked)`] as [string, string]] : []),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `CLOS is up (healthy in ${banner.seconds.toFixed(1)} s)`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
