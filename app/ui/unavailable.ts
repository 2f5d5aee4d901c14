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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A form post the 503 page offers to send again: where it went and every text field it carried. */
export interface Resubmission {
  action: string;
  fields: [string, string][];
}

/**
 * The page guests (and anyone on a public page that needs the store) get while the store is down (HTTP 503).
 * Says that nothing was saved; for a form posted without JavaScript it keeps every field in a form that posts
 * the same thing again, so the guest's answers are one press away once the service is back.
 */
export function guestUnavailableHtml(nonce: string | undefined, resubmit?: Resubmission): string {
  const again = resubmit
    ? `<form method="post" action="${escapeHtml(resubmit.action)}" enctype="multipart/form-data">
${resubmit.fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join("\n")}
<p>Your answers are kept on this page. In a minute, press:</p>
<button type="submit">Send again</button>
</form>`
    : `<p>Please try again in a minute: nothing else is lost.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefly unavailable · Holiday Party Planner</title>
<style${nonce ? ` nonce="${nonce}"` : ""}>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#fbf8f3;color:#1f2328;margin:0;padding:3rem 1.25rem}
.card{max-width:520px;margin:0 auto;background:#fff;border:1px solid #e3ddd3;border-radius:10px;padding:1.5rem}
button{font:inherit;background:#b4232a;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}</style>
</head><body><div class="card" role="alert">
<h1>Briefly unavailable</h1>
<p>${
    resubmit
      ? "The service is briefly unavailable, so your answer was not saved."
      : "The service is briefly unavailable, so this page cannot be shown right now. If you had just sent an answer, it was not saved."
  }</p>
${again}
</div></body></html>`;
}
