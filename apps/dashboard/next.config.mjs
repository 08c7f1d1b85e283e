// @ts-check
/**
 * A static export (no server runtime): `out/` is served by the CLOS api at `/` locally
 * and by Vercel in production, where vercel.json rewrites /api, /auth and /why to the api.
 * Pages take ids in the query string (/pod/?id=payments) because an export cannot know them.
 *
 * @type {import('next').NextConfig}
 */
const config = {
  output: 'export',
  // `/pod/` → out/pod/index.html: a plain static file server (and @fastify/static) finds it.
  trailingSlash: true,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
};

export default config;
