/**
 * The app's own page for requests refused before any route runs (400, 405): the same look as the 503 pages,
 * no script, nothing from the request echoed back, no stack trace. Its <style> carries the response's CSP nonce.
 */

export interface ErrorPage {
  status: 400 | 405 | 413;
  title: string;
  message: string;
}

export const BAD_REQUEST: ErrorPage = {
  status: 400,
  title: "Bad request",
  message: "The address or the form that was sent could not be read. Please go back and try again.",
};

export const METHOD_NOT_ALLOWED: ErrorPage = {
  status: 405,
  title: "Method not allowed",
  message: "This site answers GET, HEAD and POST requests only.",
};

export const PAYLOAD_TOO_LARGE: ErrorPage = {
  status: 413,
  title: "Too much data",
  message: "The form that was sent is larger than this site accepts.",
};

/** The methods every route accepts (pages: GET/HEAD; forms and Server Actions: POST). */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;

export function errorPageHtml(page: ErrorPage, nonce?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Holiday Party Planner</title>
<style${nonce ? ` nonce="${nonce}"` : ""}>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#fbf8f3;color:#1f2328;margin:0;padding:3rem 1.25rem}
.card{max-width:520px;margin:0 auto;background:#fff;border:1px solid #e3ddd3;border-radius:10px;padding:1.5rem}</style>
</head><body><div class="card" role="alert">
<h1>${page.title}</h1>
<p>${page.message}</p>
<p><a href="/">Holiday Party Planner</a></p>
</div></body></html>`;
}
