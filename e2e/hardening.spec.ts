import { expect, test } from "@playwright/test";
import { HOSTILE_NEXT_VALUES, isOnSiteLocation } from "../test/support/hostile-redirects";
import { startApp, type AppServer } from "./support/app-server";
import { PROD_COOKIE } from "./support/helpers";
import { cookieFrom, logInOverHttp, rawRequest } from "./support/http";

// Issue 13 (hardening), over real HTTP against `next start`: what an attacker's script would send.

let app: AppServer;

test.beforeAll(async () => {
  app = await startApp({ mode: "start" });
});

test.afterAll(async () => {
  await app?.stop();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("app.log", { body: app.output(), contentType: "text/plain" });
  }
});

test("open redirect: neither the signed-in login page nor the login action ever answers a Location off the site", async () => {
  test.setTimeout(180_000);
  const login = await logInOverHttp(app.url);
  expect(login.status).toBe(303);
  const session = cookieFrom(login, PROD_COOKIE);
  expect(session).toBeDefined();

  for (const next of HOSTILE_NEXT_VALUES) {
    // The page: a signed-in visitor is sent on at once.
    const page = await rawRequest(`${app.url}/organizer/login?next=${encodeURIComponent(next)}`, { headers: { cookie: session! } });
    expect([303, 307, 308], `page with next=${JSON.stringify(next)}`).toContain(page.status);
    expect(isOnSiteLocation(page.location ?? "", app.url), `page with next=${JSON.stringify(next)}: Location ${page.location}`).toBe(true);
  }
  // The action: a correct login with the hostile value in the form's `next` field. Run against one address each
  // (logins are throttled per address only when they fail, and these succeed).
  for (const next of HOSTILE_NEXT_VALUES) {
    const answer = await logInOverHttp(app.url, {}, { next });
    expect(answer.status, `action with next=${JSON.stringify(next)}`).toBe(303);
    expect(isOnSiteLocation(answer.location ?? "", app.url), `action with next=${JSON.stringify(next)}: Location ${answer.location}`).toBe(true);
  }
  // A harmless next still works both ways.
  const page = await rawRequest(`${app.url}/organizer/login?next=${encodeURIComponent("/organizer/guests")}`, { headers: { cookie: session! } });
  expect(page.location).toBe("/organizer/guests");
  const action = await logInOverHttp(app.url, {}, { next: "/organizer/guests?x=1" });
  expect(action.location).toBe("/organizer/guests?x=1");
});
