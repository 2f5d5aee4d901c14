import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventSchema, type PartyEvent } from "../../lib/data/events";
import type { Invitation } from "../../lib/data/invitations";
import { guestListCsv, invitationLinksText } from "../../lib/party/csv";
import { guestListPage, parsePage } from "../../lib/party/guest-list-page";
import { dietarySummary, type InvitedHousehold } from "../../lib/party/summary";
import { zonedToInstant } from "../../lib/time";

// Issue 15 item 12 (invitation chores) and the event page's guest list in pages.

const event: PartyEvent = eventSchema.parse({
  id: "evt0123456789ab",
  organizerId: "org0123456789ab",
  title: "Party",
  description: "",
  startsAtLocal: "2026-12-20T18:00",
  endsAtLocal: "2026-12-20T23:00",
  rsvpDeadlineLocal: null,
  timeZone: "Europe/Berlin",
  startsAt: zonedToInstant("2026-12-20T18:00", "Europe/Berlin"),
  endsAt: zonedToInstant("2026-12-20T23:00", "Europe/Berlin"),
  rsvpDeadline: null,
  locationName: "Hall",
  locationAddress: "",
  capacity: null,
  status: "published",
  createdAt: 0,
  updatedAt: 0,
  version: 1,
});

function invited(name: string, revoked = false): InvitedHousehold {
  const id = `hh_${name.replace(/\W/g, "").padEnd(13, "x").slice(0, 13)}`;
  const person = {
    id: `p_${id.slice(3)}`,
    firstName: name.split(" ")[0]!,
    lastName: "",
    ageGroup: "adult",
    email: "",
    phone: "",
    dietaryTags: [],
    dietaryNotes: "",
  };
  const invitation = {
    id: `in_${id.slice(3)}`,
    householdId: id,
    revokedAt: revoked ? 1 : null,
  } as unknown as Invitation;
  const household = { id, name, address: "", people: [person] } as unknown as InvitedHousehold["household"];
  return {
    invitation,
    household,
    note: null,
    plusOnes: [],
    people: [
      {
        person: household.people[0]!,
        household,
        invitation,
        response: null,
        status: "no_reply",
        dietaryTags: [],
        dietaryNotes: "",
      },
    ],
  };
}

const link = (invitation: Invitation) => `https://party.example/rsvp/${invitation.id}`;

describe("invitation chores", () => {
  it("the CSV has each household's working link, and says which time zone 'Answered at' is in", () => {
    const csv = guestListCsv(event, [invited("The Müllers"), invited("The Revoked", true)], [], link);
    const [header, muellers, revoked] = csv.replace("\uFEFF", "").split("\r\n");
    assert.match(header!, /"Answered at \(Europe\/Berlin\)"/);
    assert.match(header!, /"RSVP link"$/);
    assert.match(muellers!, /"https:\/\/party\.example\/rsvp\/in_TheMllersxxxx"$/);
    assert.match(revoked!, /,""$/, "a revoked link is not handed out");
  });

  it("'Copy all links' text is one 'Household: link' line per working link", () => {
    assert.equal(
      invitationLinksText([invited("The Müllers"), invited("The Revoked", true), invited("Ann Lee")], link),
      "The Müllers: https://party.example/rsvp/in_TheMllersxxxx\nAnn Lee: https://party.example/rsvp/in_AnnLeexxxxxxx\n",
    );
    assert.equal(invitationLinksText([], link), "");
  });
});

describe("the event page's guest list in pages", () => {
  const many = Array.from({ length: 120 }, (_, i) => invited(`Family ${String(i).padStart(3, "0")}`));

  it("shows 50 households a page, whatever the size of the party", () => {
    const first = guestListPage(many, { page: 1, query: "" });
    assert.equal(first.households.length, 50);
    assert.equal(first.pages, 3);
    const last = guestListPage(many, { page: 3, query: "" });
    assert.equal(last.households.length, 20);
    assert.equal(last.households[0]!.household.name, "Family 100");
    assert.equal(guestListPage(many, { page: 99, query: "" }).page, 3, "a page past the end is the last one");
  });

  it("searches before paging, ignoring accents", () => {
    const list = guestListPage([...many, invited("The Müllers")], { page: 1, query: "muller" });
    assert.deepEqual(
      list.households.map((h) => h.household.name),
      ["The Müllers"],
    );
    assert.equal(list.matching, 1);
  });

  it("reads ?page= as typed, defaulting to the first page", () => {
    assert.equal(parsePage("2"), 2);
    for (const bad of [undefined, "", "0", "-1", "x", "1e3", ["2"], "99999999"])
      assert.equal(parsePage(bad), 1, String(bad));
  });
});

describe("the waitlist on the host's side", () => {
  // A guest who said "attending" once the party was full holds no place: the host's lists must not say
  // "Attending" for them, and the food is not planned for them.
  function answered(name: string, waitlistedAt?: number): InvitedHousehold {
    const household = invited(name);
    const row = household.people[0]!;
    const response = { status: "attending", updatedAt: 5, ...(waitlistedAt === undefined ? {} : { waitlistedAt }) };
    household.people[0] = { ...row, status: "attending", response: response as never, dietaryTags: ["vegan"] };
    return household;
  }

  it("the CSV says Waitlisted, not Attending", () => {
    const csv = guestListCsv(event, [answered("The Seated"), answered("The Waiting", 4)], [], link);
    const [, seated, waiting] = csv.replace("\uFEFF", "").split("\r\n");
    assert.match(seated!, /"Attending"/);
    assert.match(waiting!, /"Waitlisted"/);
    assert.doesNotMatch(waiting!, /"Attending"/);
  });

  it("the dietary summary leaves out guests on the waitlist", () => {
    const summary = dietarySummary([answered("The Seated"), answered("The Waiting", 4)]);
    assert.deepEqual(
      summary.tags.map((t) => [t.tag, t.people.map((p) => p.household)]),
      [["vegan", ["The Seated"]]],
    );
  });
});
