import type { Database } from '../db/open';
import type { Rule } from '../../shared/moderation';
import { SITE_RULE_KINDS, type ModerationRuleSet, type SiteRule } from '../../shared/remote/site-api';
import { enqueue } from '../outbox/repository';
import { RuleRepository } from '../moderation/rules';
import { RULE_SET_SUBJECT } from './target';

/**
 * Carries the desktop's moderation rules to Copydesk-site targets, which apply them when a reader
 * submits a comment (so an obvious spam comment never shows there).
 *
 * The set travels through the outbox like a moderation decision, so it waits out an offline site
 * and survives a restart. Rows coalesce (a never-attempted push takes the newest set) and are
 * delivered in order, so the site ends with the latest set. meta remembers, per target, the set
 * last queued: a change queues one push per site target; starting or saving anything else queues
 * nothing. Ghost targets screen nothing and get nothing.
 */

const SITE_KINDS: ReadonlySet<string> = new Set(SITE_RULE_KINDS);

const metaKey = (targetId: string) => `remote.rule_set.${targetId}`;

/** The enabled rules a site applies at submit (new-author rules are the site's own moderation mode). */
export function siteRuleSet(db: Database): ModerationRuleSet {
  // list(), not enabled(): this runs on every moderation change and needs no compiled matchers.
  const rules = new RuleRepository(db)
    .list()
    .filter((rule) => rule.enabled)
    .filter((rule): rule is Rule & { kind: SiteRule['kind']; action: SiteRule['action'] } => SITE_KINDS.has(rule.kind) && rule.action !== 'premoderate')
    .map(({ id, kind, pattern, action, threshold }) => ({ id, kind, pattern, action, threshold }));
  return { rules };
}

/** The set in one canonical form: what "the site already holds this set" compares. */
export function ruleSetKey(set: ModerationRuleSet): string {
  return JSON.stringify(
    [...set.rules].sort((a, b) => a.id - b.id).map(({ id, kind, pattern, action, threshold }) => ({ id, kind, pattern: pattern.trim(), action, threshold })),
  );
}

/**
 * Queues the current set for each site target (or just `only`) whose last queued set differs, or
 * for every one when `force` (the site was seen holding another set). A target that never got a
 * set gets none while the desktop has no rules: an empty set changes nothing there.
 * Returns the targets with a new or updated row.
 */
export function pushRuleSet(db: Database, options: { only?: string; force?: boolean } = {}): Set<string> {
  return db
    .transaction(() => {
      const set = siteRuleSet(db);
      const key = ruleSetKey(set);
      const targets = (db.prepare("SELECT id FROM remote_targets WHERE kind = 'site'").pluck().all() as string[]).filter((id) => options.only === undefined || id === options.only);
      const last = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
      const remember = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      const queued = new Set<string>();
      for (const targetId of targets) {
        const before = last.get(metaKey(targetId)) as string | undefined;
        if (before === undefined && set.rules.length === 0 && !options.force) continue;
        if (before === key && !options.force) continue;
        enqueue(db, { targetId, kind: 'moderation', subject: RULE_SET_SUBJECT, payload: { ruleSet: set }, coalesce: true });
        remember.run(metaKey(targetId), key);
        queued.add(targetId);
      }
      return queued;
    })
    .immediate();
}
