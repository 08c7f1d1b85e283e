/**
 * Splits a slash command's text into words. Double or single quotes keep spaces inside
 * one word (`/stage evidence web "demo notes"`); Slack's curly quotes count too, since
 * Slack clients often turn typed quotes into them.
 */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const char of text.replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'")) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * The text after the first `count` words, as typed (spacing inside kept): the free-text
 * tail of `/idea reject 12 not now, maybe in Q3`.
 */
export function restAfter(text: string, count: number): string {
  let rest = text.trim();
  for (let i = 0; i < count; i++) {
    const match = /^(?:"[^"]*"|'[^']*'|\S+)\s*/.exec(rest);
    if (match === null) return '';
    rest = rest.slice(match[0].length);
  }
  return rest.trim();
}

/** Slack escapes `&`, `<` and `>` in command text; this undoes it. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A link as Slack sends it in command text (`<https://x.y|label>` or `<https://x.y>`)
 * turned back into the plain URL; other text unchanged.
 */
export function plainLinks(text: string): string {
  return text.replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1');
}
