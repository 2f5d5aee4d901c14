import type { PartyEvent } from "@/lib/data";
import { formatRange } from "@/lib/time";

export function mapLink(event: Pick<PartyEvent, "locationName" | "locationAddress">): string {
  const query = [event.locationName, event.locationAddress].filter((s) => s.trim() !== "").join(", ");
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}

export function EventWhen({ event }: { event: PartyEvent }) {
  return (
    <time dateTime={new Date(event.startsAt).toISOString()}>
      {formatRange(event.startsAt, event.endsAt, event.timeZone)}
    </time>
  );
}

/**
 * Where, with a map link (opened without a referrer: the RSVP token in the URL stays here). A place given by
 * name only ("our house") has nothing a map could find, so it gets no link.
 */
export function EventWhere({ event }: { event: PartyEvent }) {
  const hasAddress = event.locationAddress.trim() !== "";
  return (
    <span>
      {event.locationName}
      {hasAddress ? `, ${event.locationAddress}` : ""}
      {hasAddress ? (
        <>
          {" "}
          <a href={mapLink(event)} target="_blank" rel="noopener noreferrer" className="map-link">
            Map
          </a>
        </>
      ) : null}
    </span>
  );
}
