/** @clos/ai/testing — local stand-ins speaking the vendors' wire formats, for tests and local runs. */
export { startLocalAnthropic } from './local-anthropic.js';
export type { LocalAnthropic } from './local-anthropic.js';
export { startLocalOpenAi } from './local-openai.js';
export type { LocalOpenAi } from './local-openai.js';
export { groundedAnswer, readFencedFacts, systemTextOf, userTextOf } from './scripted-model.js';
export type { FencedFacts, ScriptedAnswer } from './scripted-model.js';
export type { RecordedLlmRequest, StandInFault } from './stand-in-server.js';
