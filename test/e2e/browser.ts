import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Request } from 'playwright-core';

/** Debian's chromium (apt-get install chromium; .ci/run installs it); CHROMIUM_PATH for another one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Everything Chromium would fetch on its own (updates, safe browsing, sync, field trials) stays off,
// so the only requests made are the page's.
const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-default-browser-check',
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a request stays on this machine: loopback, or data inlined in the page itself. */
export function staysLocal(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true;
  return LOOPBACK_HOSTS.has(parsed.hostname) || parsed.hostname.startsWith('127.');
}

export interface Browser {
  context: BrowserContext;
  /** Every URL the browser asked for, in order, including those refused for leaving loopback. */
  requests: string[];
  /** The requests that would have left loopback (refused before they were sent). */
  escaped(): string[];
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile that records every request and refuses any that would
 * leave loopback. A missing Chromium fails the test that asked for it, with what to install: a test
 * that skips itself would pass without showing anything.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium, as .ci/run does) ` +
        'or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'dangvien-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: QUIET_FLAGS,
    timeout: 60_000,
  });
  const requests: string[] = [];
  const record = (request: Request) => requests.push(request.url());
  context.on('request', record);
  // Route interception sees every network request before it is sent, service workers' included.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (staysLocal(url)) return route.continue();
    requests.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    requests,
    escaped: () => [...new Set(requests.filter((url) => !staysLocal(url)))],
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
