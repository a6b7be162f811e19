/**
 * The names of every call and event, without their schemas. The preload imports only this file,
 * so the sandboxed preload bundle stays tiny; a unit test keeps it equal to the contract's keys.
 */
export const CALL_NAMES = [
  'workspace:info',
  'articles:list',
  'articles:get',
  'articles:create',
  'articles:save',
  'articles:trash',
  'articles:restore',
  'articles:purge',
  'articles:search',
  'articles:facets',
  'revisions:list',
  'revisions:create',
  'revisions:diff',
  'revisions:restore',
  'targets:list',
  'targets:save',
  'targets:delete',
  'targets:test',
  'outbox:list',
  'outbox:retry',
  'outbox:discard',
  'outbox:payload',
  'conflicts:list',
  'conflicts:resolve',
  'sync:run',
  'site:get',
  'site:update',
  'publish:site',
  'publish:article',
  'publish:cancel',
  'publish:check',
  'assets:import',
  'preview:engagement',
  'moderation:queue',
  'moderation:counts',
  'moderation:matching',
  'moderation:comment',
  'moderation:act',
  'moderation:undo',
  'readers:get',
  'readers:act',
  'moderation:log',
  'moderation:export',
  'rules:list',
  'rules:save',
  'rules:delete',
  'rules:test',
  'moderation:import',
  'votes:summary',
  'votes:signals',
  'votes:act',
  'votes:lock',
] as const;

export const EVENT_NAMES = ['articles:changed', 'publish:progress', 'moderation:changed', 'outbox:changed', 'network:status'] as const;

export type CallName = (typeof CALL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The object the preload exposes on `window` and the renderer's web transport imitates. */
export const BRIDGE_KEY = 'copydesk';
