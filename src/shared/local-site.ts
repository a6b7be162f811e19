import { z } from 'zod';

/**
 * "Start a local site for this workspace": a Copydesk site server the desktop runs on 127.0.0.1
 * with its data in the workspace, published to through a "Local site" target.
 */

export const LOCAL_SITE_STATES = ['stopped', 'starting', 'running', 'failed'] as const;

/** The target the local site is published to (a target name: lowercase, used by --target). */
export const LOCAL_SITE_TARGET = 'local_site';

export const LocalSiteStatusSchema = z.object({
  state: z.enum(LOCAL_SITE_STATES),
  /** The site's address while it runs (open it to read the published pages). */
  url: z.string().nullable(),
  /** The "Local site" target, once the site has run here. */
  targetId: z.string().nullable(),
  /** Where the site keeps its database, inside the workspace. */
  dataDir: z.string(),
  /** One sentence for Settings: what is happening, or what went wrong. */
  message: z.string(),
});
export type LocalSiteStatus = z.infer<typeof LocalSiteStatusSchema>;
