import type { ModerationCallName } from '../../shared/moderation';
import type { Handlers } from '../api/dispatch';
import type { Workspace } from '../workspace';
import { ModerationService } from './service';

/** The `moderation:*` handlers, spread into core/api/handlers.ts. No logic of their own. */
export function moderationHandlers(workspace: Workspace): Pick<Handlers, ModerationCallName> {
  const m = new ModerationService(workspace.db, workspace.events);
  return {
    'moderation:queue': (q) => m.queue(q),
    'moderation:counts': ({ articleId }) => m.counts(articleId),
    'moderation:matching': ({ queue, filter }) => ({ count: m.matching(queue, filter) }),
    'moderation:comment': ({ id }) => m.comment(id),
    'moderation:act': (input) => m.act(input),
    'moderation:undo': ({ logId }) => m.undo(logId),
    'readers:get': ({ id }) => m.author(id),
    'readers:act': (input) => m.authorAct(input),
    'moderation:log': ({ filter, cursor, limit }) => m.log(filter, cursor, limit),
    'moderation:export': ({ filter }) => m.exportLog(filter),
    'rules:list': () => m.listRules(),
    'rules:save': ({ id, rule }) => m.saveRule(id, rule),
    'rules:delete': ({ id }) => m.deleteRule(id),
    'rules:test': (input) => m.testRule(input),
    'moderation:import': (input) => m.import(input),
    'votes:summary': ({ articleId, bucketSeconds }) => m.votes(articleId, bucketSeconds),
    'votes:signals': ({ articleId, params }) => m.voteSignals(articleId, params),
    'votes:act': (input) => m.voteAct(input),
    'votes:lock': ({ articleId, locked, note }) => m.setVotingLock(articleId, locked, note),
  };
}
