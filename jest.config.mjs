// @ts-check
/**
 * One jest run across every workspace package, in native ESM mode
 * (`node --experimental-vm-modules`). TypeScript is transformed by SWC to ES
 * modules; `@clos/*` packages resolve to their sources through the
 * `@clos/source` export condition, so no build is needed before testing.
 * The global setup starts one real local stack (Postgres, Temporal, dynalite,
 * moto) for the whole run.
 *
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@clos/source', 'node', 'node-addons'],
  },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', tsx: true, decorators: false },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // Points CommonJS require()s of ESM-only packages at CommonJS stand-ins (see the file).
  resolver: '<rootDir>/scripts/jest/resolver.cjs',
  testMatch: ['**/src/**/*.test.ts', '**/src/**/*.test.tsx', '**/test/**/*.test.ts', '**/test/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/', '/.next/', '/.clos/', '/.tools/'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.*/cdk.out/', '<rootDir>/.*/.next/', '<rootDir>/.clos/', '<rootDir>/.tools/'],
  watchPathIgnorePatterns: ['/.clos/', '/.tools/'],
  globalSetup: '<rootDir>/scripts/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
