/**
 * "Chrome on Windows", "Safari on iPhone": enough for a person to recognise their own devices on the
 * sessions page. Deliberately small (no dependency): the list only has to be recognisable, not exact, and an
 * unknown agent is shown as such rather than guessed.
 */
export interface DeviceDescription {
  browser: string;
  os: string;
  /** "Chrome on Windows", or "Unknown browser" when nothing is recognised. */
  label: string;
}

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\bOPR\/(\d+)|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\bVivaldi\/(\d+)/, "Vivaldi"],
  [/\bYaBrowser\/(\d+)/, "Yandex Browser"],
  [/\bFirefox\/(\d+)|\bFxiOS\/(\d+)/, "Firefox"],
  [/\bHeadlessChrome\/(\d+)/, "Chrome (headless)"],
  [/\bCriOS\/(\d+)/, "Chrome"],
  [/\bChrom(?:e|ium)\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
  [/\bcurl\/|\bWget\//, "Command-line client"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/\bWindows Phone\b/, "Windows Phone"],
  [/\bWindows NT\b|\bWin64\b|\bWindows\b/, "Windows"],
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bAndroid\b/, "Android"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bUbuntu\b/, "Ubuntu"],
  [/\bFedora\b/, "Fedora"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  const ua = userAgent ?? "";
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? "";
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? "";
  let label: string;
  if (browser && os) label = `${browser} on ${os}`;
  else if (browser) label = browser;
  else if (os) label = `Unknown browser on ${os}`;
  else label = "Unknown browser";
  return { browser: browser || "Unknown browser", os: os || "Unknown system", label };
}
