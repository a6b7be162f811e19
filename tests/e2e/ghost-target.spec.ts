import { GhostServer } from '../fixtures/ghost-server';
import { useTempSecretsFile } from './desk-helpers';
import { test, expect } from './fixtures';

// Issue 16.3 and 16.10 in the Settings screen: a Ghost target's key is checked on save, and its
// byline mapping is edited as "Name = email" lines. Tokens typed in the app go to the 0600 file.
useTempSecretsFile();

test('issue 16.3 / 16.10: a Ghost target refuses a malformed key and keeps a byline mapping', async ({ page, served }) => {
  const ghost = await new GhostServer().start();
  try {
    await page.goto(served.url);
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add target' }).click();
    const form = page.getByRole('form', { name: 'New publishing target' });
    await form.getByLabel('Kind').selectOption('ghost');
    await form.getByLabel('Name').fill('blog');
    await form.getByLabel('Base URL').fill(ghost.url);
    await form.getByLabel('Admin API key').fill('not-a-key-SECRET');
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect(form.getByText(/24 hexadecimal characters, a colon, then 64 more/).first()).toBeVisible();
    await expect(form.getByText('not-a-key-SECRET')).toHaveCount(0);

    await form.getByLabel('Admin API key').fill(ghost.adminKey);
    await form.getByLabel('Bylines to Ghost staff').fill('B. Writer bo@example.org');
    await form.getByRole('button', { name: 'Add target' }).click();
    await expect(form.getByText('Line 1: write it as "Byline name = staff@example.com"')).toBeVisible();
    await form.getByLabel('Bylines to Ghost staff').fill('B. Writer = bo@example.org');
    await form.getByRole('button', { name: 'Add target' }).click();

    const card = page.getByRole('listitem', { name: 'blog' });
    await expect(card.getByText('Token: Stored')).toBeVisible();
    await card.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('form', { name: 'Edit blog' }).getByLabel('Bylines to Ghost staff')).toHaveValue('B. Writer = bo@example.org');
  } finally {
    await ghost.stop();
  }
});
