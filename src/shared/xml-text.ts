import type { z } from 'zod';

/**
 * Characters XML 1.0 cannot carry at all, escaped or not (its `Char` production allows tab, LF,
 * CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF): the other C0 controls, lone
 * surrogates, U+FFFE and U+FFFF. One of them in a headline makes the RSS and Atom feeds
 * unreadable to every feed reader, so text fields that reach a feed refuse them (schema) and
 * the feed writer strips any already stored.
 */
const XML_UNSAFE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_UNSAFE_ALL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML cannot carry. */
export function stripXmlUnsafe(text: string): string {
  return XML_UNSAFE.test(text) ? text.replace(XML_UNSAFE_ALL, '') : text;
}

/** A sentence naming the first character XML cannot carry, or null when there is none. */
export function xmlUnsafeProblem(text: string): string | null {
  const match = XML_UNSAFE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `Contains an invisible control character (${name}, character ${match.index + 1}) that feeds cannot carry; remove it`;
}

/**
 * A string schema for plain text that is published in feeds as well as pages: characters XML
 * cannot carry are refused with a sentence saying which, at save and at import (issue 18.5).
 */
export function publishableText<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const problem = xmlUnsafeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
