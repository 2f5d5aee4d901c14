import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reminderWindows, scheduleReminders } from "../../lib/mail/reminders";
import { mailSettingsInputSchema, readMailSettings, saveMailSettings } from "../../lib/mail/settings";
import { sendInvitationMail } from "../../lib/mail/invitations";
import { processMailQueue } from "../../lib/mail/queue";
import { createMemoryStore } from "../../lib/storage/memory-store";
import { makeData } from "../party/support";
import { countingOutbox, invitedEvent, tempDir, workerOptions } from "./support";

const DAY = 86_400_000;

describe("the deadline reminder, set per event", () => {
  it("defaults to 3 days, can be moved or turned off, and rejects what is not 0-30 days", async () => {
    const data = makeData(createMemoryStore());
    const { organizerId, event, invitations } = await invitedEvent(data, 2, {}, 20);
    await sendInvitationMail(
      data.db,
      organizerId,
      event.id,
      invitations.map((i) => ({ invitationId: i.id })),
    );
    await processMailQueue(workerOptions(data, countingOutbox(tempDir("settings"))));
    assert.equal((await readMailSettings(data.db, event.id)).deadlineReminderDays, 3);
    const deadline = event.rsvpDeadline!;
    assert.equal(reminderWindows(event, deadline - 5 * DAY, 3).deadline, false);
    assert.equal(reminderWindows(event, deadline - 5 * DAY, 7).deadline, true);

    const off = await saveMailSettings(data.db, organizerId, event.id, { deadlineReminderDays: 0 });
    assert.ok(off.ok);
    assert.equal(await scheduleReminders(data.db, deadline - DAY), 0, "a reminder although it is off");
    assert.ok((await saveMailSettings(data.db, organizerId, event.id, { deadlineReminderDays: 7 })).ok);
    assert.equal(await scheduleReminders(data.db, deadline - 5 * DAY), 2);
    assert.equal(await scheduleReminders(data.db, deadline - 4 * DAY), 0);

    const other = await saveMailSettings(data.db, "someoneElse12", event.id, { deadlineReminderDays: 1 });
    assert.deepEqual(other.ok ? null : other.reason, "not-found");
    for (const bad of ["-1", "31", "2.5", "three", ""])
      assert.equal(mailSettingsInputSchema.safeParse({ deadlineReminderDays: bad }).success, false, bad);
    assert.deepEqual(mailSettingsInputSchema.parse({ deadlineReminderDays: " 0 " }), { deadlineReminderDays: 0 });
  });
});
