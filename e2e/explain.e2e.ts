import { expect, test } from '@playwright/test';
import { CARDS, cardById } from '../src/lib/explain/cards';

test('explanation cards follow the config and quote its live numbers', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByTestId('explain-panel');
  const he = panel.getByTestId('card-he');
  await expect(he).toBeVisible();
  // Default MLP: layer 1 is 784 -> 256, He normal under ReLU draws with std sqrt(2/784) = 0.0505.
  await expect(he).toContainText('784');
  await expect(he).toContainText('0.0505');
  // Choosing Xavier brings its card forward.
  await page.locator('[name="init-0"]').selectOption('xavier_uniform');
  await expect(panel.getByTestId('card-xavier')).toBeVisible();
  // Formulas are KaTeX with a text alternative for screen readers.
  await expect(panel.locator('.katex').first()).toBeAttached();
});

test('practice mode hides answers until asked, and the checklist renders', async ({ page }) => {
  await page.goto('/#practice');
  const show = page.getByRole('button', { name: 'Show answer' }).first();
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await show.click();
  await expect(page.getByRole('button', { name: 'Hide answer' }).first()).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('link', { name: 'Review checklist' }).click();
  await expect(page).toHaveURL(/#checklist$/);
  // Every card's question with a box to tick, the He card's among them, none ticked yet.
  const checklist = page.getByRole('region', { name: 'Review checklist' });
  await expect(checklist.getByRole('checkbox')).toHaveCount(CARDS.length);
  await expect(checklist.getByText(cardById('he')!.title, { exact: true })).toBeVisible();
  await expect(checklist).toContainText(`0 of ${CARDS.length} reviewed`);
});
