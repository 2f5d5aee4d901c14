import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventSchema, type PartyEvent } from "../../lib/data/events";
import { csvCell, exportFileName, guestListCsv } from "../../lib/party/csv";
import { eventIcs, foldLine, icsText } from "../../lib/mail/ics";
import { createLinkVault } from "../../lib/data/link-vault";
import { formatRange, instantToZoned, isValidLocalDateTime, zonedToInstant } from "../../lib/time";

describe("time zones", () => {
  it("converts wall times to instants in the event's zone, across DST", () => {
    assert.equal(
      new Date(zonedToInstant("2026-12-20T18:00", "America/New_York")).toISOString(),
      "2026-12-20T23:00:00.000Z",
    );
    assert.equal(
      new Date(zonedToInstant("2026-07-04T18:00", "America/New_York")).toISOString(),
      "2026-07-04T22:00:00.000Z",
    );
    assert.equal(
      new Date(zonedToInstant("2026-12-20T18:00", "Asia/Kolkata")).toISOString(),
      "2026-12-20T12:30:00.000Z",
    );
    assert.equal(new Date(zonedToInstant("2026-12-20T18:00", "UTC")).toISOString(), "2026-12-20T18:00:00.000Z");
    // 02:30 does not exist on 2026-03-08 in New York; it lands in the hour after the gap.
    assert.equal(
      instantToZoned(zonedToInstant("2026-03-08T02:30", "America/New_York"), "America/New_York"),
      "2026-03-08T03:30",
    );
    for (const local of ["2026-12-20T18:00", "2026-03-08T12:00", "2026-11-01T12:00", "2027-01-01T00:00"]) {
      assert.equal(instantToZoned(zonedToInstant(local, "Europe/Berlin"), "Europe/Berlin"), local);
    }
  });

  it("knows real dates from impossible ones", () => {
    assert.ok(isValidLocalDateTime("2028-02-29T10:00"));
    for (const bad of [
      "2026-02-29T10:00",
      "2026-13-01T10:00",
      "2026-12-20T24:00",
      "2026-12-20 18:00",
      "20-12-2026T18:00",
    ]) {
      assert.equal(isValidLocalDateTime(bad), false, bad);
    }
  });

  it("formats a same-day range with the end time only", () => {
    const start = zonedToInstant("2026-12-20T18:00", "America/New_York");
    const end = zonedToInstant("2026-12-20T23:00", "America/New_York");
    assert.equal(formatRange(start, end, "America/New_York"), "Sun, Dec 20, 2026, 6:00 PM – 11:00 PM EST");
  });
});

const event: PartyEvent = eventSchema.parse({
  id: "evt0123456789ab",
  organizerId: "org0123456789ab",
  title: "Party; with, commas\\and a very long title that will need folding because it goes on and on and on — ünïcödé",
  description: "Line one\nLine two",
  startsAtLocal: "2026-12-20T18:00",
  endsAtLocal: "2026-12-20T23:00",
  rsvpDeadlineLocal: null,
  timeZone: "America/New_York",
  startsAt: zonedToInstant("2026-12-20T18:00", "America/New_York"),
  endsAt: zonedToInstant("2026-12-20T23:00", "America/New_York"),
  rsvpDeadline: null,
  locationName: "Community Center",
  locationAddress: "100 Community Way",
  capacity: null,
  status: "published",
  createdAt: 0,
  updatedAt: 0,
  version: 1,
});

describe("ICS export", () => {
  it("escapes text, writes UTC times and folds long lines at 75 octets", () => {
    const ics = eventIcs(
      event,
      { firstName: "John", lastName: 'Sm"ith', email: "john@example.com" },
      Date.UTC(2026, 10, 1),
    );
    assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert.ok(ics.includes("DTSTART:20261220T230000Z\r\n"));
    assert.ok(ics.includes("DTEND:20261221T040000Z\r\n"));
    assert.ok(ics.includes("DESCRIPTION:Line one\\nLine two\r\n"));
    assert.ok(ics.includes("LOCATION:Community Center\\, 100 Community Way\r\n"));
    assert.ok(ics.includes('ORGANIZER;CN="John Smith":mailto:john@example.com'));
    for (const line of ics.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, line);
    const unfolded = ics.replace(/\r\n /g, "");
    assert.ok(unfolded.includes("SUMMARY:Party\\; with\\, commas\\\\and a very long title"));
    assert.ok(unfolded.includes("ünïcödé"));
    assert.equal(icsText("a\r\nb"), "a\\nb");
    assert.equal(foldLine("x".repeat(80)), `${"x".repeat(75)}\r\n ${"x".repeat(5)}`);
  });
});

describe("CSV export", () => {
  it("quotes every cell and defuses spreadsheet formulas", () => {
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("http://evil")'), '"\'=HYPERLINK(""http://evil"")"');
    for (const f of ["+1", "-1", "@SUM(A1)", "\tx"]) assert.ok(csvCell(f).startsWith(`"'`), f);
    assert.equal(csvCell(null), '""');
  });

  it("writes one row per invited person with their answer", () => {
    const csv = guestListCsv(event, [], []);
    assert.ok(csv.startsWith('\uFEFF"Household","Address","First name"'));
    assert.equal(exportFileName("Annual Holiday Party!", "csv"), "annual-holiday-party.csv");
    assert.equal(exportFileName("<script>", "ics"), "script.ics");
    assert.equal(exportFileName("🎄🎄", "ics"), "event.ics");
  });
});

describe("the RSVP link vault", () => {
  it("opens what it sealed, refuses tampering, and keeps opening after a secret rotation", () => {
    const old = createLinkVault(["old-secret-0123456789-0123456789-abcdef"]);
    const sealed = old.seal("token-value");
    assert.equal(old.open(sealed), "token-value");
    assert.notEqual(old.seal("token-value"), sealed, "a fresh IV every time");
    const parts = sealed.split(".");
    parts[3] = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    assert.equal(old.open(parts.join(".")), null);
    assert.equal(old.open("garbage"), null);
    const rotated = createLinkVault([
      "new-secret-0123456789-0123456789-abcdef",
      "old-secret-0123456789-0123456789-abcdef",
    ]);
    assert.equal(rotated.open(sealed), "token-value");
    assert.equal(createLinkVault(["new-secret-0123456789-0123456789-abcdef"]).open(sealed), null);
  });
});
