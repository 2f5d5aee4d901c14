/**
 * lib/party: the party planner's use cases over lib/data: ownership checks, what pages load, what actions
 * change, exports. The one entry point for app/ and proxy.ts (eslint.config.mjs enforces it).
 */
export { requireEventRole, requireGuest, requireOrganizerScope, requireOwnedHousehold } from "./access";
export { exportFileName, guestListCsv } from "./csv";
export { downloadHeaders, eventForRoute } from "./export-access";
export { addGuestItem, claimAsGuest, guestMode, loadGuestView, removeGuestItem, saveGuestAnswers } from "./guest";
export { guestAction } from "./store-errors";
export { eventIcs } from "../mail/ics";
export {
  addPerson,
  addPotluckItem,
  changeInvitation,
  createEvent,
  createHousehold,
  deleteEvent,
  deleteHousehold,
  duplicateEvent,
  inviteHouseholds,
  isInvitationChange,
  removePerson,
  removePotluckItem,
  setAnswerForGuest,
  setEventStatus,
  uninvite,
  updateEvent,
  updateHousehold,
  updatePerson,
  updatePotluckItem,
} from "./manage";
export { loadDashboard, loadEventOverview, type DashboardEvent } from "./overview";
export { guardAction, guardForm, isStoreProblem, whenStoreAllows } from "./store-errors";
export type { GuestStatus, RsvpCounts } from "./summary";
export type { DietarySummary } from "./summary";
export type { GuestContext } from "./guest";
export type { GuestListPage } from "./guest-list-page";
export type { GuestRow } from "./summary";
export type { InvitedHousehold } from "./summary";
export type { PotluckView } from "./summary";
export { guestListPage } from "./guest-list-page";
export { invitationLinksText } from "./csv";
export { openGuestLink } from "./access";
export { parsePage } from "./guest-list-page";
export { promoteFromWaitlist } from "./manage";
export { requireDashboardPage } from "./access";
export { requireEventPage } from "./access";
export { requireAddressBookPage, requireEditEventPage, requireSessionsPage } from "./access";
export { isWaitlisted, waitlistOf } from "./summary";
export type { EventMail } from "./page-data";
export {
  COMMENT_CAP_MESSAGE,
  deleteAnnouncement,
  deleteOwnComment,
  postAnnouncement,
  postComment,
  setCommentHidden,
} from "./messages";
export type { Announcement, EventMessages, GuestComment, GuestWall } from "./messages";
export { googleCalendarUrl, guestIcs } from "./calendar";
export { setPlusOnesAllowed } from "./manage";
export type { PlusOneRow, WaitlistEntry } from "./summary";
export { plusOneLabel } from "./summary";
export { loadWhosComing, setShowWhosComing, type WhosComingEntry } from "./whos-coming";
export { requireInvitedTo } from "./invited-to-page";
export type { InvitedToCard } from "./invited-to";
export {
  acceptCohostInvite,
  inviteCohost,
  leaveEvent,
  openCohostInvite,
  removeCohost,
  revokeCohostInvite,
  transferOwnership,
} from "./cohosts";
export { eventAccess } from "./event-access";
