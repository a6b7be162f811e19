import { z } from 'zod';

/**
 * A display name as readers see it next to comments: trimmed, NFC, 1 to 60 characters, no
 * control or format characters (which could hide text or reorder it) and no broken UTF-16.
 */
export const DisplayNameSchema = z
  .string()
  .max(500)
  // A lone surrogate (broken UTF-16, e.g. from invalid UTF-8 upstream) is refused, not stored.
  .refine((text) => !/\p{Cs}/u.test(text))
  .transform((text) => text.normalize('NFC').replace(/\s+/gu, ' ').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(60)
      .regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}]+$/u),
  );

/** An email address for sign-in links, lower-cased; the mail server is the final judge. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .transform((text) => text.toLowerCase())
  .pipe(z.email());
