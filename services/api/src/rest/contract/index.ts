export { answerUndeclaredMethods } from './method-not-allowed.js';
export { rejectNulCharacters, withoutNulPattern, NO_NUL_PATTERN } from './reject-nul.js';
export { publishedDocumentTransform, publishedSchemaTransform } from './published-schema.js';
export { answerConditionalGets } from './conditional-get.js';
