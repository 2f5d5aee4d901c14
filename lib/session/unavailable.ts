/** The page shown (HTTP 503) when the session store cannot be reached: honest, never "you are logged out". */
export function serviceUnavailableHtml(nonce?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service temporarily unavailable · Holiday Party Planner</title>
<style${nonce ? ` nonce="${nonce}"` : ""}>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#fbf8f3;color:#1f2328;margin:0;padding:3rem 1.25rem}
.card{max-width:520px;margin:0 auto;background:#fff;border:1px solid #e3ddd3;border-radius:10px;padding:1.5rem}</style>
</head><body><div class="card" role="alert">
<h1>Service temporarily unavailable</h1>
<p>We can't reach our session service right now, so we can't show your organizer pages. You are still signed in: nothing was lost.</p>
<p>Please try again in a minute.</p>
</div></body></html>`;
}
