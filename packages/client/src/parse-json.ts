/** Nesting deeper than any Dojo answer (they nest a few levels): refused before `JSON.parse` builds it. */
export const MAX_JSON_DEPTH = 64;

/**
 * `JSON.parse`, refusing text nested deeper than `MAX_JSON_DEPTH`, so that no later walk of the value (redaction,
 * `JSON.stringify`, `util.inspect`) can overflow the stack. Throws a `SyntaxError` for either failure.
 */
export function parseJson(text: string): unknown {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new SyntaxError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
  return JSON.parse(text);
}
