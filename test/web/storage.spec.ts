import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { shoot, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-web-storage-');
test.use({ viewport: { width: 1440, height: 860 } });

test('the operator takes a backup from the console; a storage failure shows a banner in every workspace', async ({
  page,
}) => {
  await page.goto(web.exchange.uiUrl);
  await page.getByRole('tab', { name: 'Sweeps' }).click();
  const backups = page.getByTestId('backups-card');
  await expect(backups).toContainText('No backup yet.');
  await backups.getByRole('button', { name: 'Back up now' }).click();
  await expect(backups.getByRole('status')).toContainText('Backup written through sequence');
  await expect(
    backups.getByRole('list', { name: 'Backups, newest first' }).getByRole('listitem'),
  ).toHaveCount(1);
  await shoot(page, 'operator-backups');

  // Every later commit fails, as on a full disk: a trigger added from another connection.
  const health = await fetch(`${web.exchange.baseUrl}/health`, {
    headers: { authorization: `Bearer ${web.token}` },
  });
  const { database } = (await health.json()) as { database: string };
  const db = new Database(database);
  db.exec(
    "CREATE TRIGGER storage_fails BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END",
  );
  db.close();
  const refused = await web.call('participants.create', { name: 'Late', role: 'consumer' });
  expect(refused).toMatchObject({ ok: false, error: { status: 503 } });

  const banner = page.getByTestId('storage-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Storage failure: the exchange stopped taking commands');
  await expect(banner).toContainText('disk I/O error (simulated)');
  await shoot(page, 'storage-failure-operator');
  for (const workspace of ['Supplier', 'Consumer']) {
    await page.getByRole('button', { name: workspace, exact: true }).click();
    await expect(banner).toBeVisible();
  }
  await shoot(page, 'storage-failure-consumer');
});
