import type { Metadata } from "next";
import Link from "next/link";
import { isPast } from "@/lib/data";
import { requireEventPage, guestListPage, parsePage } from "@/lib/party";
import { eventNoticeKey, Notice } from "../../../../ui/notice";
import { requestOrigin } from "@/lib/security";
import { AnnouncementsSection } from "./sections/announcements-section";
import { CommentsSection } from "./sections/comments-section";
import { DietarySection } from "./sections/dietary-section";
import { GuestsSection } from "./sections/guests-section";
import { OverviewSection } from "./sections/overview-section";
import { PotluckSection } from "./sections/potluck-section";
import { SectionNav } from "./sections/section-nav";
import { SendInvitationsSection } from "./send-invitations-section";
import { WaitlistSection } from "./waitlist-section";
import { CohostsSection } from "./cohosts/cohosts-section";

/** The tab is named after the party (several events open in tabs are told apart). */
export async function generateMetadata({ params }: Pick<Params, "params">): Promise<Metadata> {
  const { event } = await requireEventPage((await params).eventId);
  return { title: event.title };
}

type Params = {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export default async function EventPage({ params, searchParams }: Params) {
  const { eventId } = await params;
  // The organizer, the event with its guests, potluck and mail, and the address book in one store round trip.
  const [{ event, role, organizer, cohostInvites, overview, addressBook, data, mail, messages }, origin, query] =
    await Promise.all([requireEventPage(eventId), requestOrigin(), searchParams]);
  const { counts, dietary, potluck, households } = overview;
  const invitedIds = new Set(households.map((h) => h.household.id));
  const notInvited = addressBook.filter((h) => !invitedIds.has(h.id));
  const list = guestListPage(households, { page: parsePage(query.page), query: text(query.q) });

  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizer" prefetch={false}>
          Events
        </Link>{" "}
        › {event.title}
      </p>
      <Notice value={eventNoticeKey(query.notice, event.status)} />
      <SectionNav
        counts={{
          invitations: String(households.length),
          potluck: String(potluck.length),
          dietary: String(dietary.tags.length + dietary.notes.length),
        }}
      />
      <OverviewSection event={event} past={isPast(event, Date.now())} counts={counts} isOwner={role === "owner"} />
      <GuestsSection
        eventId={event.id}
        event={event}
        isDraft={event.status === "draft"}
        total={households.length}
        list={list}
        answering={text(query.answers) || null}
        rsvpUrl={(invitation) => {
          const token = data.invitations.tokenOf(invitation);
          return token ? `${origin}/rsvp/${token}` : null;
        }}
        notInvited={notInvited.map((h) => ({
          id: h.id,
          name: h.name,
          people: h.people.map((p) => p.firstName).join(", "),
        }))}
        addressBookEmpty={addressBook.length === 0}
      />
      <WaitlistSection event={event} households={households} counts={counts} outcome={query.waitlist} />
      <SendInvitationsSection event={event} invitations={households.map((h) => h.invitation)} mail={mail} />
      <AnnouncementsSection event={event} announcements={messages.announcements} />
      <CommentsSection event={event} comments={messages.comments} />
      <PotluckSection eventId={event.id} potluck={potluck} />
      <DietarySection dietary={dietary} />
      <CohostsSection
        event={event}
        role={role}
        organizerId={organizer.id}
        invites={cohostInvites}
        notice={text(query.notice)}
      />
    </>
  );
}
