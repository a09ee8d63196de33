import { expect, test } from '@playwright/test';
import { embeddedDigits, gzip, idxImages, idxLabels } from './fixtures';

test('loads an IDX pair made by the test, and refuses a broken file keeping the data loaded', async ({ page }) => {
  await page.goto('/');
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText('8,000 train / 2,000 validation');

  // 1,000 real digits, every 10th of the embedded set so all ten classes are present.
  const { pixels, labels } = embeddedDigits(1000, 10);
  await page.getByText('Load IDX files').click();
  await page
    .locator('input[name="idx-images"]')
    .setInputFiles({ name: 'digits-images-idx3-ubyte.gz', mimeType: 'application/gzip', buffer: gzip(idxImages(pixels, 1000)) });
  await page
    .locator('input[name="idx-labels"]')
    .setInputFiles({ name: 'digits-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxLabels(labels) });
  await page.getByRole('button', { name: 'Load IDX pair' }).click();
  await expect(summary).toContainText('800 train / 200 validation');
  await expect(page).toHaveURL(/data=idx/);

  // A truncated images file: refused with a message naming it; the 1,000 digits stay loaded.
  const truncated = idxImages(pixels, 1000).subarray(0, 5000);
  await page
    .locator('input[name="idx-images"]')
    .setInputFiles({ name: 'broken-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: truncated });
  await page.getByRole('button', { name: 'Load IDX pair' }).click();
  const error = page.getByTestId('data-error');
  await expect(error).toContainText('broken-images-idx3-ubyte');
  await expect(error).toContainText(/truncated/i);
  await expect(summary).toContainText('800 train / 200 validation');

  // Each further bad images file is refused by name and reason, the 1,000 digits staying
  // loaded: labels given as images (wrong magic), an empty download, a .gz that is not gzip,
  // a gzip cut short (the browser's DecompressionStream fails), a header promising 4e9 images.
  const gz = gzip(idxImages(pixels, 1000));
  const bad: [string, Buffer, RegExp][] = [
    ['swapped-labels-idx1-ubyte', idxLabels(labels), /magic/],
    ['empty-images-idx3-ubyte.gz', Buffer.alloc(0), /is empty \(0 bytes\)/],
    ['plain-images-idx3-ubyte.gz', idxImages(pixels, 1000), /is named \.gz but is not gzip/],
    ['cut-images-idx3-ubyte.gz', gz.subarray(0, gz.length >> 1), /is not a valid gzip file/],
    ['huge-images-idx3-ubyte', idxImages(new Uint8Array(0), 4_000_000_000), /truncated: its header promises 4,000,000,000/],
  ];
  for (const [name, buffer, reason] of bad) {
    await page.locator('input[name="idx-images"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await page.getByRole('button', { name: 'Load IDX pair' }).click();
    await expect(error).toContainText(name);
    await expect(error).toContainText(reason);
    await expect(summary).toContainText('800 train / 200 validation');
  }
});
