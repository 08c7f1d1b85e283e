import { parseUpArgs } from './up-args.js';

test('demo traffic: on for the demo organisation, off for a config of ones own, flags decide', () => {
  expect(parseUpArgs([], true)).toEqual({ demo: true });
  expect(parseUpArgs([], false)).toEqual({ demo: false });
  expect(parseUpArgs(['--no-demo'], true)).toEqual({ demo: false });
  expect(parseUpArgs(['--demo'], false)).toEqual({ demo: true });
  expect(() => parseUpArgs(['--demoo'], true)).toThrow(/unknown flag --demoo/);
});
