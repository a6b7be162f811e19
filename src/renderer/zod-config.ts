import { z } from 'zod';

/**
 * zod 4 compiles object parsers with `new Function` when it can, and finds out by trying once.
 * Under our CSP (`script-src 'self'`, no 'unsafe-eval') that probe is refused and reported as a
 * securitypolicyviolation at start even though zod catches the throw. jitless skips the probe
 * and the compiled path; parsing is the same, only a little slower on large objects.
 *
 * main.tsx imports this module first, so the setting is in place before any schema is parsed.
 */
z.config({ jitless: true });
