/** The page's bytes split into its inline scripts, each `<section id>` of its markup, and the rest of the markup. */
export function htmlParts(html: string): { name: string; bytes: number }[] {
  const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].reduce(
    (n, m) => n + Buffer.byteLength(m[1] ?? ""),
    0,
  );
  const markup = html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, "$1$2");
  const parts: { name: string; bytes: number }[] = [];
  let inSections = 0;
  // Sections do not nest on this page; a section's bytes run from its tag to the matching close.
  for (const match of markup.matchAll(/<section\b[^>]*\bid="([^"]+)"[^>]*>[\s\S]*?<\/section>/g)) {
    const bytes = Buffer.byteLength(match[0]);
    parts.push({ name: `section #${match[1]}`, bytes });
    inSections += bytes;
  }
  parts.push({
    name: "other markup (head, header, event card, footer)",
    bytes: Buffer.byteLength(markup) - inSections,
  });
  parts.push({ name: "inline scripts (flight payload)", bytes: scripts });
  return parts;
}
