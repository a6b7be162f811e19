// The rule matching shared by the desktop's evaluator and the site's screening
// (src/shared/moderation-rules): the parts neither side's own tests pin down.
import { describe, expect, it } from 'vitest';
import { hashWords, words as coreWords } from '../../src/core/moderation/text';
import { globMatcher as coreGlob } from '../../src/core/moderation/rules';
import type { RuleMatch } from '../../src/shared/moderation';
import { checksRepeats, compileRule, decide, globMatcher, linksMatch, matchPhrases, ruleProblem } from '../../src/shared/moderation-rules/match';
import { countLinks, sameTextKey, words } from '../../src/shared/moderation-rules/text';
import { ModerationRuleSetSchema } from '../../src/shared/remote/site-api';
import { subjectText } from '../../src/renderer/features/remote/labels';
import type { OutboxItem } from '../../src/shared/remote/outbox';

const match = (action: RuleMatch['action'], ruleId = 1): RuleMatch => ({ ruleId, kind: 'banned_phrase', action, detail: 'x' });

describe('shared moderation rules', () => {
  it('the desktop uses the shared implementation itself, not a copy', () => {
    expect(coreWords).toBe(words);
    expect(coreGlob).toBe(globMatcher);
  });

  it('decide: reject > hold > report whatever order the rules matched in; the first rejecting rule is named', () => {
    expect(decide([])).toEqual({ reject: null, hold: false, report: false, premoderate: false });
    expect(decide([match('report'), match('hold', 2), match('reject', 3), match('reject', 4)])).toEqual({ reject: match('reject', 3), hold: true, report: true, premoderate: false });
    expect(decide([match('premoderate')])).toEqual({ reject: null, hold: true, report: false, premoderate: true });
    expect(decide([match('report')])).toMatchObject({ reject: null, hold: false, report: true });
  });

  it('"the same text" ignores case, accents, punctuation and spacing, on both sides of the hash', () => {
    const a = words('Buy CHEAP   watches, now!');
    const b = words('buy cheap watches now');
    expect(sameTextKey(a)).toBe(sameTextKey(b));
    expect(sameTextKey(words('Crème brûlée'))).toBe(sameTextKey(words('creme BRULEE')));
    expect(hashWords(a)).toBe(hashWords(b));
    expect(sameTextKey(words('buy cheap watches later'))).not.toBe(sameTextKey(b));
  });

  it('links over the threshold match; repeats need a window and some text', () => {
    const links = { id: 3, kind: 'max_links' as const, pattern: '', action: 'hold' as const, threshold: 1 };
    expect(linksMatch(links, countLinks('https://a.example and www.b.example'))).toEqual({ ruleId: 3, kind: 'max_links', action: 'hold', detail: '2 links (allowed 1)' });
    expect(linksMatch(links, 1)).toBeNull();
    expect(linksMatch({ ...links, kind: 'banned_phrase' }, 9)).toBeNull();
    const repeat = { id: 4, kind: 'repeat_text' as const, pattern: '', action: 'reject' as const, threshold: 10 };
    expect(checksRepeats(repeat, 'hello')).toBe(true);
    expect(checksRepeats(repeat, '  \n ')).toBe(false);
    expect(checksRepeats({ ...repeat, threshold: null }, 'hello')).toBe(false);
  });

  it('a site refuses what the desktop rule editor refuses, in the same words', () => {
    expect(ruleProblem({ kind: 'banned_phrase', pattern: 'a.*b', action: 'reject', threshold: null })).toMatchObject({ field: 'pattern', message: expect.stringContaining('regular expressions are not supported') });
    expect(ruleProblem({ kind: 'max_links', pattern: '', action: 'hold', threshold: null })).toEqual({ field: 'threshold', message: 'Give the number of links allowed' });
    expect(ruleProblem({ kind: 'suspect_phrase', pattern: 'idiot*', action: 'report', threshold: null })).toBeNull();
    const parsed = ModerationRuleSetSchema.safeParse({ rules: [{ id: 1, kind: 'banned_phrase', pattern: 'a*', action: 'reject', threshold: null }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['rules', 0, 'pattern'], message: expect.stringContaining('at least two letters') });
  });

  it('compiles a site rule (no timestamps) like a desktop rule', () => {
    const compiled = [compileRule({ id: 7, kind: 'banned_phrase' as const, pattern: 'Crème brûlée', action: 'reject' as const, threshold: null })];
    expect(matchPhrases(compiled, 'I love CREME brulee')).toEqual([{ ruleId: 7, kind: 'banned_phrase', action: 'reject', detail: 'creme brulee' }]);
  });

  it('the outbox view names a rule push in words', () => {
    const item = { kind: 'moderation', subject: 'moderation-rules' } as OutboxItem;
    expect(subjectText(item, new Map())).toBe('Moderation rules');
    expect(subjectText({ kind: 'moderation', subject: 'comment:r1' } as OutboxItem, new Map())).toBe('Comment r1');
  });
});
