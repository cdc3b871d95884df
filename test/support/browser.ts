/**
 * The web page in real headless Chromium (Debian `chromium` driven by playwright-core). Where there is no Chromium
 * the suite is skipped and its title says so; CI installs it, so none is skipped there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HEADLESS_CHROMIUM_ARGS } from '../../src/cli/commands/graph/chromium';
import { ROOT } from './endpoint';

const CHROMIUM = process.env['FANOUT_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where the suites' screenshots go. */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');

const haveChromium = existsSync(CHROMIUM);

/** `describe` where Chromium is installed; elsewhere a skipped block whose title names the missing browser. */
export function describeBrowser(title: string, body: () => void): void {
  if (haveChromium) describe(title, body);
  else describe.skip(`${title} (SKIPPED: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`, body);
}

export interface OpenBrowser {
  browser: Browser;
  page: Page;
}

/**
 * Compiles the page's browser modules (as `npm run build` does), launches Chromium (playwright gives each launch a
 * fresh temporary profile) and opens a page whose script errors fail the test.
 */
export async function openPage(viewport: { width: number; height: number }): Promise<OpenBrowser> {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/ui/web/tsconfig.json'], {
    cwd: ROOT,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...HEADLESS_CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => {
    throw e;
  });
  return { browser, page };
}
