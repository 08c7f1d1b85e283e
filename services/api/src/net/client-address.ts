import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * The caller's address as far as it can be trusted: fastify's `request.ip`, which follows
 * `X-Forwarded-For` only through the configured proxy ranges, checked to be an IP address
 * (proxy-addr hands back an untrusted hop as written, garbage included), else the TCP peer.
 * `undefined` only when neither is an address (never over a real socket).
 */
export function clientAddress(request: FastifyRequest): string | undefined {
  if (isIP(request.ip) !== 0) return request.ip;
  const peer = request.socket.remoteAddress;
  return peer !== undefined && isIP(peer) !== 0 ? peer : undefined;
}

/** The TCP peer's address: who actually connected, whatever the headers say. */
export function peerAddress(request: FastifyRequest): string | undefined {
  const peer = request.socket.remoteAddress;
  return peer !== undefined && isIP(peer) !== 0 ? peer : undefined;
}

/** Fastify's `trustProxy` for the configured ranges: none means the TCP peer is the client. */
export function trustProxyOption(trustedProxies: readonly string[] | undefined): boolean | string[] {
  return trustedProxies === undefined || trustedProxies.length === 0 ? false : [...trustedProxies];
}

/** `{ sourceIp }` for an audit entry: the validated client address, or nothing. */
export function addressOf(request: FastifyRequest): { sourceIp?: string } {
  const address = clientAddress(request);
  return address !== undefined ? { sourceIp: address } : {};
}
