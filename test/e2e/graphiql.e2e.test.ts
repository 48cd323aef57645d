import { createGateway, overrideVariable, readEnvironment } from '@dangvien/gateway';
import type { Gateway } from '@dangvien/gateway';
import { createLogger } from '@dangvien/logger';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser';
import type { Browser } from './browser';
import { graphql, startSystem } from './harness';
import type { System } from './harness';

// GraphiQL as a developer uses it, in headless Chromium: the page, its assets and every call come
// from the gateway on loopback, and any request that would leave it fails the test.

const CREATE = (code: string) =>
  `mutation { createOrganisation(input: { code: "${code}", name: "Đảng bộ tỉnh thử GraphiQL", ` +
  `level: PROVINCE, sector: STATE_AGENCY, effectiveDate: "2020-01-01" }) ` +
  `{ organisation { code name } userErrors { code message } } }`;

/** The CodeMirror editor inside `selector` (GraphiQL 3 keeps its instance on the element). */
async function setEditor(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(`${selector} .CodeMirror`).first().waitFor();
  await page.evaluate(
    ([css, text]) => {
      const element = document.querySelector(`${css} .CodeMirror`) as unknown as {
        CodeMirror: { setValue(v: string): void };
      };
      element.CodeMirror.setValue(text);
    },
    [selector, value] as const,
  );
}

/**
 * Runs the query in the editor and waits for a new result to show (long: two loaded cores). A click
 * GraphiQL did not act on (once in CI no result came in 90 s, where a run takes 3 s) sends no
 * request: then it clicks again, up to 5 times, 20 s apart. A click that sent one is never repeated
 * (a mutation must run once).
 */
async function run(page: Page, expected: string): Promise<string> {
  const result = page.locator('.result-window');
  for (let attempt = 1; ; attempt += 1) {
    const sent = page.waitForRequest((request) => request.method() === 'POST', { timeout: 20_000 });
    await page.locator('.graphiql-execute-button').click();
    try {
      await sent;
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
  await result.getByText(expected).first().waitFor({ timeout: 90_000 });
  return result.innerText();
}

describe('GraphiQL served by the development gateway, in headless Chromium', () => {
  let system: System;
  let development: Gateway;
  let browser: Browser;

  beforeAll(async () => {
    // First: without Chromium the test fails at once, saying what to install.
    browser = await launchChromium();
    system = await startSystem('e2e_graphiql');
    // The harness's gateway runs as production (no GraphiQL); a development one over the same services.
    development = createGateway(
      readEnvironment({
        NODE_ENV: 'development',
        PORT: '0',
        ...system.keys.gateway,
        ...Object.fromEntries(
          Object.entries(system.services).map(([name, service]) => [overrideVariable(name), service.url]),
        ),
      }),
      { logger: createLogger({ name: 'e2e-graphiql', level: process.env.TEST_LOG_LEVEL ?? 'fatal' }) },
    );
    await development.start();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await development?.stop();
    await system?.stop();
    await system?.drop();
  });

  it('runs a query and a mutation with the developer token; no request leaves loopback', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    // Which request failed, and what the gateway said: the console only tells the status.
    page.on('response', (answer) => {
      if (answer.status() < 400) return;
      void answer
        .text()
        .catch(() => '')
        .then((text) =>
          problems.push(
            `${answer.request().method()} ${answer.url()}: ${answer.status()} ${text.slice(0, 300)}`,
          ),
        );
    });
    const code = `GQL${Date.now().toString(36).toUpperCase()}`;

    // GraphiQL asks for the schema as it loads: queries are run once it has it.
    const schemaLoaded = page.waitForResponse(
      (answer) =>
        answer.request().method() === 'POST' && /IntrospectionQuery/.test(answer.request().postData() ?? ''),
      { timeout: 90_000 },
    );
    const response = await page.goto(development.url);
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    expect((await schemaLoaded).status()).toBe(200);

    // A plain query, anonymously: GraphiQL's introspection and the query reach the gateway.
    await setEditor(page, '.graphiql-query-editor', '{ __typename }');
    expect(await run(page, '"__typename"')).toContain('"Query"');

    // A mutation without a token is refused by the subgraph's @allow…
    await setEditor(page, '.graphiql-query-editor', CREATE(code));
    expect(await run(page, 'UNAUTHENTICATED')).not.toContain(`"${code}"`);

    // …and with the token pasted into the Headers tab it runs: the header reaches the gateway, and
    // GraphiQL's JSON POST passes the CSRF prevention.
    const token = await system.keys.token({ role: 'PROVINCIAL_ADMIN' }, { expiresIn: 600 });
    await page.getByRole('button', { name: 'Headers' }).click();
    await setEditor(
      page,
      '.graphiql-editor-tool .graphiql-editor:not(.hidden)',
      `{"authorization": "Bearer ${token}"}`,
    );
    expect(await run(page, `"${code}"`)).toContain('Đảng bộ tỉnh thử GraphiQL');

    const stored = await graphql<{ organisationByCode: { code: string } | null }>(
      system.gateway.url,
      `
        query ($code: String!) {
          organisationByCode(code: $code) {
            code
          }
        }
      `,
      { code },
    );
    expect(stored.data?.organisationByCode?.code).toBe(code);

    const origin = new URL(development.url).origin;
    expect(browser.escaped()).toEqual([]);
    expect(browser.requests).toContain(`${origin}/graphiql/assets/graphiql.js`);
    expect(browser.requests.every((url) => url.startsWith(`${origin}/`) || url.startsWith('data:'))).toBe(
      true,
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);

  it('keeps CSRF prevention: a simple cross-site form post runs nothing', async () => {
    const response = await fetch(development.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('CSRF');
  });

  it('is not served in production: no page, no assets', async () => {
    const origin = new URL(system.gateway.url).origin;
    const page = await fetch(system.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    for (const path of ['/graphiql', '/graphiql/assets/graphiql.js']) {
      expect((await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } })).status).toBe(404);
    }
  });
});
