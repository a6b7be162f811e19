import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiteApiServer } from '../fixtures/site-api-server';
import { call, useTempSecretsFile } from './desk-helpers';
import { test, expect } from './fixtures';

// The web host keeps tokens typed in the app in the 0600 file named by COPYDESK_SECRETS_FILE; the
// served fixture spawns `copydesk serve` with this process's environment.
useTempSecretsFile();


test('offline: moderation and a publish wait in the outbox, then drain exactly once when the site returns', async ({ page, served }) => {
  test.setTimeout(120_000);
  const site = await new SiteApiServer().start();
  const out = mkdtempSync(join(tmpdir(), 'copydesk-e2e-out-'));
  try {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Workspace' });
    const indicator = page.getByRole('status').filter({ hasText: /^(Online|Offline — changes are queued)$/ });
    await expect(indicator).toHaveText('Online');

    // A reader comment on the sample article waits on the site.
    const [sample] = await call<{ id: string; headline: string }[]>(page, 'articles:list', {});
    const at = '2026-03-01T09:00:00Z';
    site.addComments([{ id: 'reader-1', articleId: sample!.id, parentId: null, authorId: 'a1', authorName: 'Reader One', body: 'Thanks for this.', status: 'pending', createdAt: at, updatedAt: at }]);
    await call(page, 'site:update', { outputDir: out });

    // Settings → add target → the connection test passes.
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    const form = page.getByRole('form', { name: 'New publishing target' });
    await expect(form.getByLabel('Kind')).toHaveValue('site');
    await form.getByLabel('Name').fill('harbor_site');
    await form.getByLabel('Base URL').fill(site.url);
    await form.getByLabel('API token').fill(site.token);
    await form.getByRole('button', { name: 'Add target' }).click();
    const card = page.getByRole('listitem', { name: 'harbor_site' });
    await expect(card.getByText('Token: Stored')).toBeVisible();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect(card.getByRole('status')).toHaveText(/^✓ Connected/);
    // The token never comes back to the page.
    expect(JSON.stringify(await call(page, 'targets:list'))).not.toContain(site.token);

    // Pull the reader comment into moderation while online.
    const [pulled] = await call<{ comments: number }[]>(page, 'sync:run', {});
    expect(pulled!.comments).toBe(1);

    // The site goes away: connections are refused.
    await site.goOffline();

    // Moderate the pulled comment (through the API the UI uses).
    const queue = await call<{ items: { comment: { id: number; body: string } }[] }>(page, 'moderation:queue', { queue: 'pending', filter: { articleId: sample!.id }, limit: 100 });
    const comment = queue.items.map((i) => i.comment).find((c) => c.body === 'Thanks for this.');
    expect(comment).toBeDefined();
    await call(page, 'moderation:act', { action: 'approve', target: { ids: [comment!.id] } });

    // Publish the sample article from its editor, then change the headline while still offline.
    await nav.getByRole('button', { name: 'Articles' }).click();
    await page.getByRole('navigation', { name: 'Library' }).getByText(sample!.headline, { exact: false }).first().click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const checklist = page.getByRole('dialog', { name: 'Before you publish' });
    const published = page.getByText(/^Published\. \d+ files written/);
    await expect(checklist.or(published)).toBeVisible({ timeout: 15_000 });
    if (await checklist.isVisible()) await checklist.getByRole('button', { name: 'Publish anyway' }).click();
    await expect(published).toBeVisible({ timeout: 15_000 });
    const toastTargets = page.getByRole('region', { name: 'Publishing targets' });
    await expect(toastTargets.getByRole('listitem')).toHaveText([/harbor_site\s*Queued/]);
    await expect(indicator).toHaveText('Offline — changes are queued', { timeout: 15_000 });

    const latest = `${sample!.headline} (updated offline)`;
    await page.getByLabel('Headline', { exact: true }).fill(latest);
    await expect(page.getByText('Saved', { exact: true }).first()).toBeVisible({ timeout: 10_000 });

    // The outbox shows what waits: the moderation decision and the publish, with the reason.
    await nav.getByRole('button', { name: /^Outbox/ }).click();
    await expect(nav.getByRole('button', { name: /^Outbox/ })).toContainText(/\d/);
    const rows = page.getByRole('tabpanel').getByRole('row');
    await expect(rows.filter({ hasText: 'Moderation' })).toContainText('Comment reader-1');
    await expect(rows.filter({ hasText: 'Publish' }).first()).toContainText(latest.slice(0, 20));
    // The oldest row is the one the worker keeps probing with; the others wait behind it.
    await expect(rows.filter({ hasText: 'Moderation' })).toContainText(/cannot connect|no answer/);
    await expect(rows.filter({ hasText: 'Publish' }).first()).toContainText('After earlier changes');
    // View payload: read-only JSON of what will be sent.
    await rows.filter({ hasText: 'Moderation' }).getByRole('button', { name: /View payload/ }).click();
    const payload = page.getByRole('dialog', { name: 'Payload' });
    await expect(payload.getByLabel('Payload JSON')).toContainText('"commentId": "reader-1"');
    await payload.getByRole('button', { name: 'Close' }).click();

    // The site comes back on the same port: the outbox drains by itself.
    await site.goOnline();
    await expect(indicator).toHaveText('Online', { timeout: 45_000 });
    await expect(page.getByText('Nothing waiting to be sent.')).toBeVisible({ timeout: 45_000 });
    await page.getByRole('tab', { name: 'Done' }).click();
    // The decision was delivered once (the desk's rule set, "Moderation rules", goes too once online).
    await expect(rows.filter({ hasText: 'Comment reader-1' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Done' }).first()).toBeVisible();
    await expect(nav.getByRole('button', { name: /^Outbox/ })).toHaveText('Outbox');

    // The site holds exactly what it should: the article once, with the latest content, and the
    // moderation decision applied once.
    expect(site.violations).toEqual([]);
    expect([...site.articles.keys()]).toEqual([sample!.id]);
    expect(site.articles.get(sample!.id)!.body.headline).toBe(latest);
    const decisions = site.applied.filter((a) => a.op === 'moderate').flatMap((a) => a.decisions);
    expect(decisions).toEqual([{ action: 'approve', commentId: 'reader-1', reason: '' }]);
  } finally {
    await site.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
