import { EXIT_FAILURE, EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type CliIO, type Command } from '../io';
import { OutboxStateSchema, OUTBOX_STATES } from '../../shared/remote/outbox';
import type { WaitReason } from '../../core/outbox/worker';
import type { Workspace } from '../../core/workspace';

/**
 * Remote targets from the command line. Credentials come from COPYDESK_TARGET_<NAME>_TOKEN or
 * the 0600 file named by COPYDESK_SECRETS_FILE; they are never printed.
 */

/** Exit status after Ctrl+C (128 + SIGINT), as shells expect. */
const EXIT_INTERRUPTED = 130;

/** What a drain waits for, as a sentence for the terminal. */
export function waitMessage(targetName: string, reason: WaitReason): string {
  const seconds = Math.max(1, Math.ceil(reason.waitMs / 1000));
  if (reason.kind === 'busy') {
    return `Waiting for the outbox of ${targetName}: another Copydesk process held it (the app, or a run that stopped without closing); its lease expires in ${seconds} s. Ctrl+C leaves everything queued.`;
  }
  if (reason.kind === 'offline') return `${targetName} is not reachable (${reason.error}). What could not be sent stays queued for the next run or the app.`;
  return `Sending to ${targetName} failed; trying again in ${seconds} s. Ctrl+C leaves everything queued.`;
}

/**
 * Drains a target for the command line: says what it waits for, stops at the first offline
 * answer instead of probing, and on Ctrl+C (SIGINT/SIGTERM, or io.signal) cancels the request in
 * flight, leaves the rest queued and frees the outbox for the next run.
 */
async function drainForCli(ws: Workspace, target: { id: string; name: string }, io: CliIO) {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (io.signal?.aborted) stop.abort();
  else io.signal?.addEventListener('abort', onSignal, { once: true });
  try {
    const result = await ws.remote.drain(target.id, undefined, { signal: stop.signal, stopWhenOffline: true, onWait: (reason) => line(io.stderr, waitMessage(target.name, reason)) });
    if (result.stopped) line(io.stderr, `Stopped. Nothing was lost: what was not sent stays queued for the next run or the app.`);
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    io.signal?.removeEventListener('abort', onSignal);
  }
}

/** `copydesk publish --target NAME [ARTICLE_ID...]`: queue published articles and deliver now. */
export async function publishToTarget(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { target: { type: 'string', short: 't' }, all: { type: 'boolean' }, ...WORKSPACE_OPTION, ...HELP_OPTION }, true);
  if (!values.target) throw new UsageError('--target NAME is required');
  return withWorkspace(values.workspace, io, async (ws) => {
    const target = ws.remote.targets.byName(values.target!);
    // Named articles are sent as asked; otherwise only what changed since the last delivery,
    // unless --all forces every published article.
    const published = ws.articles.list({ status: 'published', limit: 1000 });
    const articles = positionals.length > 0 ? positionals.map((id) => ws.articles.get(id)) : values.all ? published : ws.remote.changedSinceDelivery(target.id, published);
    const queued = ws.remote.queuePublish(target.id, articles, (id) => ws.articles.get(id));
    const result = await drainForCli(ws, target, io);
    line(io.stdout, `${target.name}: ${queued.length} queued, ${result.delivered} delivered, ${result.failed} need attention${result.pending ? ', the rest still queued' : ''}`);
    if (result.stopped) return EXIT_INTERRUPTED;
    return result.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  });
}

export const outboxCommand: Command = {
  name: 'outbox',
  help: `Usage: copydesk outbox list [--state STATE] [--json]
       copydesk outbox retry ID

list   The outbox, newest first: state, attempts, kind, subject, last error
retry  Sends a row that needs attention again (or brings a waiting one forward) and drains its target

Options:
  -s, --state STATE  Only rows in this state: ${OUTBOX_STATES.join(', ')}
      --json         Print JSON instead
${WORKSPACE_HELP}`,
  async run(args, io) {
    const { values, positionals } = parse(args, { state: { type: 'string', short: 's' }, json: { type: 'boolean' }, ...WORKSPACE_OPTION, ...HELP_OPTION }, true);
    if (values.help) return (line(io.stdout, this.help), EXIT_OK);
    const [verb, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (verb === 'list') {
      const state = values.state === undefined ? undefined : OutboxStateSchema.safeParse(values.state);
      if (state && !state.success) throw new UsageError(`unknown state "${values.state}"`);
      return withWorkspace(values.workspace, io, (ws) => {
        const rows = ws.remote.listOutbox({ state: state?.data });
        if (values.json) line(io.stdout, JSON.stringify(rows, null, 2));
        else for (const r of rows) line(io.stdout, `${r.id}  ${r.state.padEnd(15)} ${String(r.attempts).padStart(3)}  ${r.kind.padEnd(10)} ${r.subject}${r.lastError ? `  ${r.lastError}` : ''}`);
        return EXIT_OK;
      });
    }
    if (verb === 'retry') {
      if (!id) throw new UsageError('say which row: copydesk outbox retry ID');
      return withWorkspace(values.workspace, io, async (ws) => {
        const row = ws.remote.retry(id);
        const result = await drainForCli(ws, ws.remote.targets.row(row.targetId), io);
        if (result.stopped) return EXIT_INTERRUPTED;
        line(io.stdout, `${result.delivered} delivered, ${result.failed} need attention`);
        return result.failed > 0 ? EXIT_FAILURE : EXIT_OK;
      });
    }
    throw new UsageError(verb === undefined ? 'say what to do: list or retry' : `unknown action "${verb}"`);
  },
};

export const syncCommand: Command = {
  name: 'sync',
  help: `Usage: copydesk sync [--target NAME]

Pulls comments and votes changed since the last sync (a cursor per target) into moderation.
Local decisions that are not yet pushed are never overwritten by pulled state.
A Copydesk site found holding other moderation rules than this workspace's gets
them again (queued in the outbox, sent with the next delivery).

Options:
  -t, --target NAME  Only this target
${WORKSPACE_HELP}`,
  async run(args, io) {
    const { values, positionals } = parse(args, { target: { type: 'string', short: 't' }, ...WORKSPACE_OPTION, ...HELP_OPTION });
    if (values.help) return (line(io.stdout, this.help), EXIT_OK);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return withWorkspace(values.workspace, io, async (ws) => {
      const id = values.target ? ws.remote.targets.byName(values.target).id : undefined;
      for (const r of await ws.remote.sync(id)) {
        line(io.stdout, `${r.targetId}: ${r.newComments} new and ${r.changedComments} changed comments (${r.unchangedComments} unchanged), ${r.votes} votes, ${r.heldBack} held back`);
      }
      return EXIT_OK;
    });
  },
};
