import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cronSecretWarning, parseConfig } from "../../lib/config";
import { jobClock } from "../../lib/jobs/clock";

const CWD = "/tmp";

describe("CRON_SECRET (issue 17, item 4)", () => {
  it("missing in production is a warning naming it, not a refusal to start (SESSION_SECRET and APP_URL suffice)", () => {
    const config = parseConfig({ NODE_ENV: "production", APP_URL: "https://parties.example.com" }, CWD);
    assert.match(cronSecretWarning(config) ?? "", /^CRON_SECRET is not set: GET \/api\/cron\/tick .* answers 401/);
  });

  it("is optional in development, and must be 16+ characters when set", () => {
    assert.equal(cronSecretWarning(parseConfig({ NODE_ENV: "development" }, CWD)), null);
    assert.throws(() => parseConfig({ CRON_SECRET: "short" }, CWD), /CRON_SECRET must be at least 16 characters/);
    const config = parseConfig({ NODE_ENV: "production", CRON_SECRET: "0123456789abcdef0123" }, CWD);
    assert.equal(cronSecretWarning(config), null);
    assert.equal(config.cronSecret, "0123456789abcdef0123");
  });
});

describe("the jobs clock", () => {
  it("follows JOBS_TEST_NOW outside production and ignores it in production", () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { now: env.JOBS_TEST_NOW, env: env.NODE_ENV };
    try {
      env.JOBS_TEST_NOW = "2030-01-02T03:04:05Z";
      env.NODE_ENV = "test";
      assert.equal(jobClock(), Date.parse("2030-01-02T03:04:05Z"));
      env.NODE_ENV = "production";
      assert.ok(Math.abs(jobClock() - Date.now()) < 1000);
    } finally {
      env.JOBS_TEST_NOW = saved.now;
      if (saved.now === undefined) delete env.JOBS_TEST_NOW;
      env.NODE_ENV = saved.env;
    }
  });
});
