import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ensureDataVersion } from "../../lib/data/data-version";
import { roleAllows, type EventRole } from "../../lib/data/events";
import { eventAccess } from "../../lib/party/event-access";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { eventInput, household, makeData, makeOrganizer, person } from "../party/support";

/**
 * The authorization table of an event (issue 18, item 6): every page, Route Handler and Server Action that
 * touches an event, and what each kind of caller gets from it. The list of entries is read from the file
 * system (app/**\/page.tsx and route.ts under the event, every export of every "use server" file of the event
 * area), so a new route or action without a row here fails this test.
 *
 * Each row names the role it needs; the test then proves, per row:
 *  - statically, that the entry asks requireEventRole / eventForRoute / requireEventPage (the one decision,
 *    lib/party eventAccess -> lib/data eventRole) for exactly that role before anything else;
 *  - on a real store, that eventAccess + roleAllows gives each caller the answer the table states.
 * Callers: the owner, a co-host, a removed co-host, another organizer, a guest (an RSVP link, no organizer
 * session) and someone anonymous. Without an organizer session every entry sends the browser to the login page
 * ("login": a 303 for Route Handlers, the login redirect for pages and actions); with one, an event the caller
 * may not use is a 404, exactly like an event that does not exist.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const EVENT_DIR = "app/organizer/(signed-in)/events/[eventId]";
const ACTION_DIRS = ["app/organizer/(signed-in)/events", "app/organizer/cohost"];

type Caller = "owner" | "cohost" | "removedCohost" | "otherOrganizer" | "guest" | "anonymous";
type Answer = "ok" | "404" | "login";
const CALLERS: Caller[] = ["owner", "cohost", "removedCohost", "otherOrganizer", "guest", "anonymous"];

/** What a caller gets from an entry that needs `minRole` (null: not about one event, see its row). */
interface Row {
  /** `<file>` for a page or route, `<file>#<export>` for a Server Action. */
  entry: string;
  minRole: EventRole | null;
  /** How the entry asks (checked in its source). */
  guard: RegExp;
  expected: Record<Caller, Answer>;
  why?: string;
}

const OWNER_ONLY: Record<Caller, Answer> = {
  owner: "ok",
  cohost: "404",
  removedCohost: "404",
  otherOrganizer: "404",
  guest: "login",
  anonymous: "login",
};
const HOSTS: Record<Caller, Answer> = { ...OWNER_ONLY, cohost: "ok" };

const role = (minRole: EventRole) => new RegExp(`requireEventRole\\([^)]*"${minRole}"`);
const route = (minRole: EventRole) => new RegExp(`eventForRoute\\(eventId, "${minRole}"`);
const A = "app/organizer/(signed-in)/events";

const TABLE: Row[] = [
  // Pages.
  { entry: `${EVENT_DIR}/page.tsx`, minRole: "cohost", guard: /requireEventPage\(/, expected: HOSTS },
  { entry: `${EVENT_DIR}/edit/page.tsx`, minRole: "cohost", guard: /requireEditEventPage\(/, expected: HOSTS },
  { entry: `${EVENT_DIR}/duplicate/page.tsx`, minRole: "owner", guard: role("owner"), expected: OWNER_ONLY },
  // Route Handlers.
  { entry: `${EVENT_DIR}/guests.csv/route.ts`, minRole: "cohost", guard: route("cohost"), expected: HOSTS },
  { entry: `${EVENT_DIR}/links.txt/route.ts`, minRole: "cohost", guard: route("cohost"), expected: HOSTS },
  { entry: `${EVENT_DIR}/event.ics/route.ts`, minRole: "cohost", guard: route("cohost"), expected: HOSTS },
  // Server Actions of the event page.
  ...[
    "inviteHouseholdsAction",
    "invitationAction",
    "setAnswerAction",
    "addPotluckItemAction",
    "updatePotluckItemAction",
    "removePotluckItemAction",
  ].map((name) => ({
    entry: `${EVENT_DIR}/actions.ts#${name}`,
    minRole: "cohost" as const,
    guard: role("cohost"),
    expected: HOSTS,
  })),
  ...["sendInvitationsAction", "saveMailSettingsAction"].map((name) => ({
    entry: `${EVENT_DIR}/mail-actions.ts#${name}`,
    minRole: "cohost" as const,
    guard: role("cohost"),
    expected: HOSTS,
  })),
  ...["postAnnouncementAction", "deleteAnnouncementAction", "setCommentHiddenAction"].map((name) => ({
    entry: `${EVENT_DIR}/messages-actions.ts#${name}`,
    minRole: "cohost" as const,
    guard: role("cohost"),
    expected: HOSTS,
  })),
  {
    entry: `${EVENT_DIR}/plus-ones-actions.ts#setPlusOnesAllowedAction`,
    minRole: "cohost",
    guard: role("cohost"),
    expected: HOSTS,
  },
  {
    entry: `${EVENT_DIR}/whos-coming-actions.ts#setShowWhosComingAction`,
    minRole: "cohost",
    guard: role("cohost"),
    expected: HOSTS,
  },
  {
    entry: `${EVENT_DIR}/waitlist-actions.ts#promoteAction`,
    minRole: "cohost",
    guard: role("cohost"),
    expected: HOSTS,
  },
  // The co-hosts section: the owner manages, a co-host may leave.
  ...["inviteCohostAction", "revokeCohostInviteAction", "removeCohostAction", "transferOwnershipAction"].map(
    (name) => ({
      entry: `${EVENT_DIR}/cohosts/actions.ts#${name}`,
      minRole: "owner" as const,
      guard: role("owner"),
      expected: OWNER_ONLY,
    }),
  ),
  {
    entry: `${EVENT_DIR}/cohosts/actions.ts#leaveEventAction`,
    minRole: "cohost",
    guard: role("cohost"),
    expected: HOSTS,
  },
  // The events area's actions that name an event.
  { entry: `${A}/actions.ts#updateEventAction`, minRole: "cohost", guard: role("cohost"), expected: HOSTS },
  { entry: `${A}/actions.ts#setEventStatusAction`, minRole: "cohost", guard: role("cohost"), expected: HOSTS },
  { entry: `${A}/actions.ts#duplicateEventAction`, minRole: "owner", guard: role("owner"), expected: OWNER_ONLY },
  { entry: `${A}/actions.ts#deleteEventAction`, minRole: "owner", guard: role("owner"), expected: OWNER_ONLY },
  {
    entry: `${A}/actions.ts#createEventAction`,
    minRole: null,
    guard: /requireOrganizerScope\(/,
    why: "creates a new event of the caller's own: any signed-in organizer",
    expected: { ...HOSTS, removedCohost: "ok", otherOrganizer: "ok" },
  },
  {
    entry: "app/organizer/cohost/[token]/actions.ts#acceptCohostInviteAction",
    minRole: null,
    guard: /requireOrganizerScope\(/,
    why: "the link and the invited address decide (lib/data repo-cohosts accept), not a role the caller has yet",
    expected: { ...HOSTS, removedCohost: "ok", otherOrganizer: "ok" },
  },
];

function walk(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    return statSync(path.join(ROOT, relative)).isDirectory() ? walk(relative) : [relative];
  });
}

/** Every page and route under the event, and every export of every "use server" file of the event area. */
function entriesOnDisk(): string[] {
  const pagesAndRoutes = walk(EVENT_DIR).filter((f) => /\/(page\.tsx|route\.ts)$/.test(f));
  const actions = ACTION_DIRS.flatMap(walk)
    .filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["']/.test(readFileSync(path.join(ROOT, f), "utf8")))
    .flatMap((f) => {
      const source = readFileSync(path.join(ROOT, f), "utf8");
      const names = [...source.matchAll(/^export\s+(?:async\s+function|function|const|let)\s+(\w+)/gm)].map(
        (m) => m[1]!,
      );
      return names.map((name) => `${f}#${name}`);
    });
  return [...pagesAndRoutes, ...actions].sort();
}

/** The source of one entry: a whole page or route file, or one exported action's body. */
function sourceOf(entry: string): string {
  const [file, name] = entry.split("#") as [string, string | undefined];
  const source = readFileSync(path.join(ROOT, file), "utf8");
  if (!name) return source;
  const start = source.search(new RegExp(`^export\\s+async\\s+function\\s+${name}\\b`, "m"));
  assert.ok(start >= 0, `${entry}: no such export`);
  const rest = source.slice(start + 1);
  const next = rest.search(/^export\s/m);
  return next < 0 ? rest : rest.slice(0, next);
}

describe("the authorization table of an event", () => {
  it("has a row for every page, Route Handler and Server Action of the event (read from the file system)", () => {
    const onDisk = entriesOnDisk();
    const rows = TABLE.map((r) => r.entry).sort();
    assert.deepEqual(
      onDisk.filter((e) => !rows.includes(e)),
      [],
      "entries without a row: add them to TABLE with the role they need",
    );
    assert.deepEqual(
      rows.filter((e) => !onDisk.includes(e)),
      [],
      "rows for entries that no longer exist",
    );
    assert.ok(onDisk.length >= 25, `found ${onDisk.length} entries: the walk found the event area`);
  });

  it("each entry asks the one access decision for the role its row states, first", () => {
    for (const row of TABLE) {
      const source = sourceOf(row.entry);
      assert.match(source, row.guard, `${row.entry} must decide access with ${String(row.guard)}`);
      // No older, owner-only check left anywhere.
      assert.doesNotMatch(source, /requireOwnedEvent|ownedEventForRoute|events\.getOwned\(/, row.entry);
      if (row.entry.includes("#")) {
        // In an action, the guard comes before any repository or use-case call that changes something.
        const guardAt = source.search(row.guard);
        const firstChange = source.search(/whenStoreAllows\(/);
        assert.ok(firstChange < 0 || guardAt < firstChange, `${row.entry}: access is decided before the change`);
      }
    }
  });

  it("gives each caller the answer of the table, decided by eventAccess on a real store", async () => {
    const store = createMemoryStore();
    await ensureDataVersion(store, { log: () => {} });
    const data = makeData(store);
    const owner = await makeOrganizer(data, "Owner");
    const cohost = await makeOrganizer(data, "Cohost");
    const removed = await makeOrganizer(data, "Removed");
    const other = await makeOrganizer(data, "Other");
    const event = await data.events.create(owner, eventInput());
    // Co-hosts the way the app makes them: accepted invitations; then one is removed.
    for (const id of [cohost, removed]) {
      const email = (await data.organizers.findById(id))!.email;
      const { transact } = await import("../../lib/data/commit");
      const invite = await transact(store, { what: "test invite" }, (work) =>
        data.cohosts.planInvite(work, owner, event.id, email),
      );
      assert.ok(invite.ok);
      assert.ok((await data.cohosts.accept(id, data.cohosts.tokenOf(invite.value)!)).ok);
    }
    assert.ok((await data.cohosts.remove(owner, event.id, removed)).ok);
    // The guest holds an RSVP link of this event, and no organizer session.
    const home = await data.households.create(owner, household("The Guests"), [person("Gus")]);
    await data.invitations.invite(owner, event.id, home.id);

    const sessionOf: Record<Caller, string | null> = {
      owner,
      cohost,
      removedCohost: removed,
      otherOrganizer: other,
      guest: null,
      anonymous: null,
    };
    const failures: string[] = [];
    for (const row of TABLE) {
      for (const caller of CALLERS) {
        const organizerId = sessionOf[caller];
        let actual: Answer;
        if (organizerId === null) actual = "login";
        else if (row.minRole === null) actual = "ok";
        else {
          const access = await eventAccess(data, organizerId, event.id);
          actual = access && roleAllows(access.role, row.minRole) ? "ok" : "404";
        }
        if (actual !== row.expected[caller])
          failures.push(`${row.entry} × ${caller}: ${actual}, table says ${row.expected[caller]}`);
      }
    }
    assert.deepEqual(failures, []);
    // An unknown or malformed event id is the same 404 for everyone signed in.
    assert.equal(await eventAccess(data, owner, "NoSuchEvent00001"), null);
    assert.equal(await eventAccess(data, owner, "../../etc"), null);
    await store.close();
  });
});
