import type { PartyEvent } from "@/lib/data";
import { formatRange } from "@/lib/time";

export function mapLink(event: Pick<PartyEvent, "locationName" | "locationAddress">): string {
  const query = [event.locationName, event.locationAddress].filter((s) => s.trim() !== "").join(", ");
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}

export function EventWhen({ event }: { event: PartyEvent }) {
  return (
    <time dateTime={new Date(event.startsAt).toISOString()}>{formatRange(event.startsAt, event.endsAt, event.timeZone)}</time>
  );
}

/** Where, with a map link (opened without a referrer: the RSVP token in the URL stays here). */
export function EventWhere({ event }: { event: PartyEvent }) {
  return (
    <span>
      {event.locationName}
      {event.locationAddress ? `, ${event.locationAddress}` : ""}{" "}
      <a href={mapLink(event)} target="_blank" rel="noopener noreferrer" className="map-link">
        Map
      </a>
    </span>
  );
}
