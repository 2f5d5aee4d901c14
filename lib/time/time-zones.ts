/**
 * Time-zone names as people know them today. The ICU data behind Intl (in Node and in browsers) still lists
 * some zones under names IANA has since replaced (Asia/Calcutta for Asia/Kolkata, Europe/Kiev for Europe/Kyiv),
 * and a browser may report its own zone that way. Forms offer and suggest the current names; the old ones stay
 * valid input (Intl accepts both), so events saved with them keep working. No server-only code here: the event
 * form uses it in the browser to suggest the browser's zone.
 */
export const CURRENT_ZONE_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

export function currentZoneName(timeZone: string): string {
  return CURRENT_ZONE_NAMES[timeZone] ?? timeZone;
}

/** How a zone reads in a list: "America/New York". */
export function zoneLabel(timeZone: string): string {
  return timeZone.replace(/_/g, " ");
}
