import { planRemoveComments, readInvitationComments } from "./event-attachments";
import { transact, type UnitOfWork } from "./commit";
import { readEventFamily, type PartyDb } from "./db";
import { INVITATIONS } from "./invitations";
import { HOUSEHOLDS, householdMatches, householdSchema, type Household, type HouseholdInput } from "./households";
import { MAX_PEOPLE_PER_HOUSEHOLD, personSchema, type Person, type PersonInput } from "./people";
import { planHouseholdChange, planUninvite, type HouseholdInvitations } from "./plans";
import { fail, isId, newId, ok, type Result } from "./records";

/**
 * A household and its people are one record. Every change to it is a pure function of the current record,
 * decided again if someone changed it meanwhile (two tabs editing different people both keep their change),
 * and it carries the household's new state to each event it is invited to in the same commit.
 */
export function createHouseholdRepository(db: PartyDb) {
  const { store } = db;

  /** The events this household is invited to, with what each change must keep in step. */
  async function invitedTo(householdId: string): Promise<HouseholdInvitations[]> {
    const invitations = await db.invitations.listBy("household-invitations", householdId);
    const [responses, summaries] = await Promise.all([
      db.responses.getMany(invitations.map((i) => i.id)),
      db.summaries.getMany(invitations.map((i) => i.eventId)),
    ]);
    const invited: HouseholdInvitations[] = [];
    for (const invitation of invitations) {
      const summary = summaries.get(invitation.eventId);
      if (summary) invited.push({ invitation, response: responses.get(invitation.id) ?? null, summary });
    }
    return invited;
  }

  function change<R extends string = never>(
    organizerId: string,
    id: string,
    what: string,
    next: (household: Household, work: UnitOfWork) => Household | { ok: false; reason: R; message?: string },
  ): Promise<Result<Household, R | "not-found">> {
    if (!isId(id)) return Promise.resolve(fail("not-found"));
    return transact(store, { what }, async (work) => {
      // The household before its invitations: an invitation landing after this read touched the household.
      const found = await db.households.getOwned(organizerId, id);
      if (!found) return fail("not-found");
      const invited = await invitedTo(id);
      const changed = next(found, work);
      if ("ok" in changed) return changed;
      const updated = householdSchema.parse({
        ...changed,
        id,
        organizerId,
        createdAt: found.createdAt,
        updatedAt: Date.now(),
        version: found.version,
      });
      return ok(planHouseholdChange(work, found, updated, invited));
    });
  }

  return {
    get: (id: string) => db.households.get(id),
    getOwned: (organizerId: string, id: string) => db.households.getOwned(organizerId, id),
    getMany: (ids: string[]) => db.households.getMany(ids),

    /** This organizer's address book, by name; `query` matches household and people names. One round trip. */
    async listForOrganizer(organizerId: string, query = ""): Promise<Household[]> {
      const households = await db.households.listBy("organizer-households", organizerId);
      return households
        .filter((h) => householdMatches(h, query))
        .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.createdAt - b.createdAt);
    },

    create(
      organizerId: string,
      input: HouseholdInput,
      people: PersonInput[] = [],
      now = Date.now(),
    ): Promise<Household> {
      const household = householdSchema.parse({
        id: newId(),
        organizerId,
        name: input.name,
        address: input.address,
        people: people.map((p) => ({ ...p, id: newId() })),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      return transact(store, { what: "create household" }, async (work) => work.create(HOUSEHOLDS, household));
    },

    update(organizerId: string, id: string, input: HouseholdInput) {
      return change(organizerId, id, "edit household", (h) => ({ ...h, name: input.name, address: input.address }));
    },

    async addPerson(
      organizerId: string,
      id: string,
      input: PersonInput,
    ): Promise<Result<{ household: Household; person: Person }, "not-found" | "full">> {
      const person = personSchema.parse({ ...input, id: newId() });
      const result = await change<"full">(organizerId, id, "add person", (h) =>
        h.people.length >= MAX_PEOPLE_PER_HOUSEHOLD
          ? fail("full", `A household can have at most ${MAX_PEOPLE_PER_HOUSEHOLD} people`)
          : { ...h, people: [...h.people, person] },
      );
      return result.ok ? ok({ household: result.value, person }) : result;
    },

    updatePerson(organizerId: string, id: string, personId: string, input: PersonInput) {
      return change(organizerId, id, "edit person", (h) =>
        h.people.some((p) => p.id === personId)
          ? { ...h, people: h.people.map((p) => (p.id === personId ? { ...input, id: personId } : p)) }
          : fail("not-found"),
      );
    },

    /** Removes a person; their answers to every event go in the same commit. */
    removePerson(organizerId: string, id: string, personId: string) {
      return change(organizerId, id, "remove person", (h) =>
        h.people.some((p) => p.id === personId)
          ? { ...h, people: h.people.filter((p) => p.id !== personId) }
          : fail("not-found"),
      );
    },

    /**
     * Deletes a household from the address book and from every event it was invited to (its invitations,
     * answers, potluck items and claims): one commit over all of them.
     */
    remove(organizerId: string, id: string): Promise<Result<Household>> {
      if (!isId(id)) return Promise.resolve(fail("not-found"));
      return transact(store, { what: "delete household" }, async (work) => {
        const found = await db.households.getOwned(organizerId, id);
        if (!found) return fail("not-found");
        const invitations = await db.invitations.listBy("household-invitations", id);
        const families = await Promise.all(
          [...new Set(invitations.map((i) => i.eventId))].map((eventId) => readEventFamily(db, eventId)),
        );
        for (const family of families) {
          if (!family) continue;
          for (const invitation of family.invitations)
            if (invitation.householdId === id) planUninvite(work, family, invitation);
        }
        // An invitation whose event is gone (deleting an event takes its invitations, so only old data has
        // one) goes too, rather than outliving its household.
        for (const invitation of invitations) {
          if (!families.some((f) => f?.event.id === invitation.eventId))
            work.remove(INVITATIONS, work.read(INVITATIONS, invitation));
        }
        // Its comments on every event's wall go too (read after the families' summaries).
        const comments = await readInvitationComments(
          db,
          invitations.map((i) => i.id),
        );
        planRemoveComments(work, comments);
        work.remove(HOUSEHOLDS, work.read(HOUSEHOLDS, found));
        return ok(found);
      });
    },
  };
}
