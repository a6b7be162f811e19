import { z } from 'zod';
import { FieldDiffSchema } from '../revision';
import { AuthorMapSchema } from './author-map';

/** Remote targets, outbox rows and conflicts as the UI and the CLI see them (never a secret). */

export const TARGET_KINDS = ['site', 'ghost'] as const;
export const TargetKindSchema = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKindSchema>;

/** Used in env var names (`COPYDESK_TARGET_<NAME>_TOKEN`) and `--target NAME`. */
export const TargetNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use 1–40 lowercase letters, digits or "_", starting with a letter');

export const TargetSchema = z.object({
  id: z.string(),
  name: TargetNameSchema,
  kind: TargetKindSchema,
  baseUrl: z.string(),
  autoPublish: z.boolean(),
  hasCredentials: z.boolean(),
  /** Byline names mapped to the target's staff (Ghost), for names that match nobody there. */
  authorMap: AuthorMapSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Target = z.infer<typeof TargetSchema>;

const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Enter an http(s) URL');

/**
 * A Ghost Admin API key as Ghost Admin → Settings → Integrations shows it: a 24-hex id, a colon,
 * and a 64-hex secret.
 */
export const GHOST_ADMIN_KEY_PATTERN = /^[0-9a-f]{24}:[0-9a-f]{64}$/i;
export const GHOST_ADMIN_KEY_MESSAGE =
  'A Ghost Admin API key is 24 hexadecimal characters, a colon, then 64 more (copy it from Ghost Admin → Settings → Integrations)';

export const TargetSaveSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    name: TargetNameSchema,
    kind: TargetKindSchema,
    baseUrl: HttpUrl,
    autoPublish: z.boolean().default(true),
    /** Write-only: stored in the SecretStore, never returned. Omit to keep the current one. */
    credential: z.string().min(1).max(4000).optional(),
    /** Replaces the stored map; omit to keep it. */
    authorMap: AuthorMapSchema.optional(),
  })
  .strict()
  // Checked when saved, so a mistyped key is caught in Settings rather than at the first publish.
  // The message never repeats the key.
  .refine((t) => t.kind !== 'ghost' || t.credential === undefined || GHOST_ADMIN_KEY_PATTERN.test(t.credential.trim()), {
    path: ['credential'],
    message: GHOST_ADMIN_KEY_MESSAGE,
  });
export type TargetSave = z.input<typeof TargetSaveSchema>;

export const OUTBOX_KINDS = ['publish', 'unpublish', 'moderation', 'vote_void'] as const;
/**
 * The subject of the outbox row that carries the desktop's moderation rules to a site. Its kind
 * is 'moderation' (the outbox's kinds are fixed by a CHECK constraint); this subject tells
 * targets, and the outbox view, that its payload is the rule set, not decisions.
 */
export const RULE_SET_SUBJECT = 'moderation-rules';
export const OutboxKindSchema = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

export const OUTBOX_STATES = ['queued', 'in_flight', 'done', 'needs_attention'] as const;
export const OutboxStateSchema = z.enum(OUTBOX_STATES);
export type OutboxState = z.infer<typeof OutboxStateSchema>;

export const OutboxItemSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  targetId: z.string(),
  kind: OutboxKindSchema,
  subject: z.string(),
  state: OutboxStateSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const ConflictSchema = z.object({
  id: z.number().int(),
  targetId: z.string(),
  outboxId: z.string(),
  articleId: z.string(),
  remoteVersion: z.string().nullable(),
  /** What the target holds now and what we tried to send: shown side by side. */
  remote: z.record(z.string(), z.unknown()),
  local: z.record(z.string(), z.unknown()),
  detectedAt: z.string(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const CONFLICT_RESOLUTIONS = ['overwrite', 'keep_remote'] as const;
export const ConflictResolutionSchema = z.enum(CONFLICT_RESOLUTIONS);
export type ConflictResolution = z.infer<typeof ConflictResolutionSchema>;

export const NetworkStatusSchema = z.object({ targetId: z.string(), online: z.boolean(), detail: z.string() });
export type NetworkStatus = z.infer<typeof NetworkStatusSchema>;

/** A conflict as the dialog shows it: names, and remote against local as word diffs. */
export const ConflictViewSchema = ConflictSchema.extend({
  targetName: z.string(),
  headline: z.string(),
  diff: z.array(FieldDiffSchema),
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

/** Where credentials are kept on this host, and whether a plaintext fallback was accepted. */
export const CredentialStoreSchema = z.object({
  kind: z.enum(['keyring', 'plaintext', 'unavailable', 'env_file']),
  /** One sentence for Settings. */
  detail: z.string(),
  /** True where the only store is unencrypted and the person must opt in before saving a token. */
  needsConsent: z.boolean(),
  plaintextAllowed: z.boolean(),
});
export type CredentialStore = z.infer<typeof CredentialStoreSchema>;

/** One queued publish per enabled target, as the publish dialog follows them. */
export const QueuedPublishSchema = z.object({ targetId: z.string(), outboxId: z.string() });
export type QueuedPublish = z.infer<typeof QueuedPublishSchema>;
