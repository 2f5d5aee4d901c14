import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseConfig, requireCronSecret } from "../../lib/config";
import { jobClock } from "../../lib/jobs/clock";

const CWD = "/tmp";

describe("CRON_SECRET (issue 17, item 4)", () => {
  it("is required in production, with a message naming it", () => {
    const config = parseConfig({ NODE_ENV: "production", APP_URL: "https://parties.example.com" }, CWD);
    assert.throws(
      () => requireCronSecret(config),
      (error: unknown) => error instanceof ConfigError && /^CRON_SECRET is required in production/.test(error.message),
    );
  });

  it("is optional in development, and must be 16+ characters when set", () => {
    assert.equal(requireCronSecret(parseConfig({ NODE_ENV: "development" }, CWD)), undefined);
    assert.throws(() => parseConfig({ CRON_SECRET: "short" }, CWD), /CRON_SECRET must be at least 16 characters/);
    assert.equal(
      requireCronSecret(parseConfig({ NODE_ENV: "production", CRON_SECRET: "0123456789abcdef0123" }, CWD)),
      "0123456789abcdef0123",
    );
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
