export { addressOf, clientAddress, peerAddress, trustProxyOption } from './client-address.js';
export { redactUrl } from './redact-url.js';
