import { loadUpConfig } from './up-config.js';

describe('loadUpConfig', () => {
  it('defaults to the embedded stack, .clos and the demo clos.yml', () => {
    const config = loadUpConfig({ PATH: '/bin' }, '/work/repo', '/work/repo');
    expect(config.dataDir).toBe('/work/repo/.clos');
    expect(config.closConfigPath).toBe('/work/repo/scripts/demo/clos.yml');
    expect(config.demoConfig).toBe(true);
    expect(config.external).toEqual({});
    expect(config.ports).toEqual({ api: 8080, postgres: 54320, temporal: 7233, temporalUi: 8233, dynalite: 4567 });
  });

  it('takes external dependencies, paths relative to the working directory and ports', () => {
    const config = loadUpConfig(
      {
        CLOS_DATA_DIR: 'data',
        CLOS_CONFIG: 'conf/clos.yml',
        DATABASE_URL: 'postgres://u:p@db:5432/clos',
        TEMPORAL_ADDRESS: 'temporal:7233',
        DYNAMODB_ENDPOINT: 'http://dynamo:8000',
        PORT: '9000',
      },
      '/home/me',
      '/work/repo',
    );
    expect(config.dataDir).toBe('/home/me/data');
    expect(config.closConfigPath).toBe('/home/me/conf/clos.yml');
    expect(config.demoConfig).toBe(false);
    expect(config.external).toEqual({
      databaseUrl: 'postgres://u:p@db:5432/clos',
      temporalAddress: 'temporal:7233',
      dynamodbEndpoint: 'http://dynamo:8000',
    });
    expect(config.ports.api).toBe(9000);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadUpConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'nohost' }, '/', '/'),
    ).toThrow(/PORT: must be a port number[\s\S]*DATABASE_URL: must be a postgres[\s\S]*TEMPORAL_ADDRESS: must be host:port/);
  });
});
