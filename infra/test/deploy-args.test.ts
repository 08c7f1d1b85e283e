import { DEPLOY_USAGE, parseDeployArgs } from '../deploy/deploy-args.js';
import { DeployError } from '../deploy/deploy-error.js';

describe('npm run deploy arguments', () => {
  it('defaults to a real deploy of dev', () => {
    expect(parseDeployArgs([])).toEqual({ stage: 'dev', dryRun: false, help: false });
    expect(parseDeployArgs(['--stage', 'prod', '--dry-run'])).toEqual({ stage: 'prod', dryRun: true, help: false });
    expect(parseDeployArgs(['--stage=prod'])).toMatchObject({ stage: 'prod' });
  });

  it('refuses what it does not understand with the usage text', () => {
    for (const argv of [['--stag', 'prod'], ['prod'], ['--stage']]) {
      let thrown: unknown;
      try {
        parseDeployArgs(argv);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DeployError);
      expect((thrown as DeployError).code).toBe('USAGE');
      expect((thrown as DeployError).message).toContain(DEPLOY_USAGE);
    }
  });
});
