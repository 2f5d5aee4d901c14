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
  message:
    "The address or the form that was sent could not be read: part of a link may be missing or mistyped. Please go back and try again, or ask whoever sent you the link to send it again.",
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

/**
 * The page in the app's own look (its header, colours and card, system fonts), written out by hand: it is sent
 * before any route or stylesheet could be used.
 */
export function errorPageHtml(page: ErrorPage, nonce?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Holiday Party Planner</title>
<style${nonce ? ` nonce="${nonce}"` : ""}>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#fbf8f3;color:#1f2328;margin:0;line-height:1.5}
header{background:#fff;border-bottom:1px solid #e3ddd3}header div{max-width:960px;margin:0 auto;padding:.75rem 1.25rem}
header a{font-weight:700;text-decoration:none;color:#1f2328}header span{color:#b3261e}
main{padding:2.5rem 1.25rem}.card{max-width:520px;margin:0 auto;background:#fff;border:1px solid #e3ddd3;border-radius:10px;padding:1.5rem}
h1{margin-top:0;font-size:1.5rem}.button{display:inline-block;font-weight:600;border-radius:8px;padding:.6rem 1.1rem;background:#b3261e;border:1px solid #8c1d17;color:#fff;text-decoration:none}
.code{color:#5b616b;font-size:.9rem}</style>
</head><body><header><div><a href="/"><span>&#x2744;</span> Holiday Party Planner</a></div></header>
<main><div class="card" role="alert">
<p class="code">Error ${page.status}</p>
<h1>${page.title}</h1>
<p>${page.message}</p>
<p><a class="button" href="/">Go to the home page</a></p>
</div></main></body></html>`;
}
