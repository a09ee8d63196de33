import { expect, test } from '@playwright/test';

// Every key away from its default, in the codec's canonical order.
const FULL =
  'v=1&arch=cnn&depth=3&width=128&channels=8&kernel=5&act=leaky_relu&slope=0.2' +
  '&init=normal:std=0.05,he_uniform:mode=fan_out&gain=1.5&bias=0.01&bn=before&zero=none' +
  '&param=sp,mup&base=32&opt=momentum&lr=0.02&bs=32&steps=40&seeds=1&seed=7&data=mnist10k';

test('a share URL restores every field, and edits flow back into the URL', async ({ page }) => {
  await page.goto(`/?${FULL}`);
  await expect(page.getByTestId('dataset-summary')).toContainText('8,000 train');
  expect(new URL(page.url()).search).toBe(`?${FULL}`);
  await expect(page.getByTestId('url-problems')).toHaveCount(0);

  const field = (name: string) => page.locator(`[name="${name}"]`);
  await expect(field('arch')).toHaveValue('cnn');
  await expect(field('depth')).toHaveValue('3');
  await expect(field('channels')).toHaveValue('8');
  await expect(field('kernel')).toHaveValue('5');
  await expect(field('act')).toHaveValue('leaky_relu');
  await expect(field('slope')).toHaveValue('0.2');
  await expect(field('bn-before')).toBeChecked();
  await expect(field('bn-none')).not.toBeChecked();
  await expect(field('init-0')).toHaveValue('normal');
  await expect(field('init-0-std')).toHaveValue('0.05');
  await expect(field('init-1')).toHaveValue('he_uniform');
  await expect(field('init-1-mode')).toHaveValue('fan_out');
  await expect(field('gain-mode')).toHaveValue('number');
  await expect(field('gain')).toHaveValue('1.5');
  await expect(field('bias')).toHaveValue('0.01');
  await expect(field('param-sp')).toBeChecked();
  await expect(field('param-mup')).toBeChecked();
  await expect(field('base')).toHaveValue('32');
  await expect(field('opt')).toHaveValue('momentum');
  await expect(field('lr')).toHaveValue('0.02');
  await expect(field('bs')).toHaveValue('32');
  await expect(field('use-steps')).toBeChecked();
  await expect(field('steps')).toHaveValue('40');
  await expect(field('seed')).toHaveValue('7');

  // An edit lands in the URL (replaceState), and a reload of that URL restores it.
  await field('depth').fill('4');
  await expect(page).toHaveURL(/[?&]depth=4&/);
  await field('init-1').selectOption('orthogonal');
  await expect(page).toHaveURL(/init=normal:std=0\.05,orthogonal&/);
  await page.reload();
  await expect(field('depth')).toHaveValue('4');
  await expect(field('init-1')).toHaveValue('orthogonal');
  expect(new URL(page.url()).search).toBe(`?${FULL.replace('depth=3', 'depth=4').replace('he_uniform:mode=fan_out', 'orthogonal')}`);
});

test('a malformed URL names each bad value, runs no script from it, and still trains', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const evil = encodeURIComponent('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>');
  await page.goto(`/?depth=abc&width=1000000000&init=he_normal,bogus&lr=0.1&lr=0.2&foo=${evil}&act=${evil}&steps=30&autorun=1`);

  const problems = page.getByTestId('url-problems');
  await expect(problems).toContainText('depth=abc');
  await expect(problems).toContainText('width=1000000000');
  await expect(problems).toContainText('bogus');
  await expect(problems).toContainText('lr is given 2 times');
  await expect(problems).toContainText('act=');
  await expect(problems).toContainText('foo');
  await expect(page.getByTestId('run-status')).toHaveText('Done', { timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('[name="depth"]')).toHaveValue('2');
  await expect(page.locator('[name="width"]')).toHaveValue('256');
  expect(errors).toEqual([]);
});
