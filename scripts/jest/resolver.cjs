// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- jest loads a resolver with require(), so this file is CommonJS */
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * CommonJS builds of ESM-only packages, keyed by package name. Node 20.19+
 * lets CommonJS code require() an ES module, but jest's module runtime only
 * does so on Node 24.9+; a CommonJS dependency that requires one of these
 * (light-my-request → cookie 2, behind fastify's inject) gets the
 * API-compatible CommonJS release instead, in tests only.
 */
const COMMONJS_STAND_INS = {
  cookie: 'cookie-cjs',
};

/**
 * Jest resolver: the default resolution, except that a require() landing on
 * an ESM-only package with a stand-in is pointed at the stand-in.
 *
 * @param {string} request
 * @param {import('jest-resolve').ResolverOptions} options
 */
module.exports = function resolve(request, options) {
  const resolved = options.defaultResolver(request, options);
  const standIn = COMMONJS_STAND_INS[/** @type {keyof typeof COMMONJS_STAND_INS} */ (request)];
  if (standIn && options.conditions?.includes('require') && isEsmPackageFile(resolved)) {
    return options.defaultResolver(standIn, options);
  }
  return resolved;
};

/** @param {string} file */
function isEsmPackageFile(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      // no package.json here; keep looking
    }
  }
  return false;
}
