/**
 * The Content-Security-Policy for every page. Scripts run only with this response's nonce: Next.js reads the
 * nonce from the policy that proxy.ts puts on the request and stamps it on every script it renders, and
 * 'strict-dynamic' lets those scripts load Next's chunks. No inline script, no eval (except in `next dev`,
 * whose React tooling needs it), no plugins, no framing, forms post only to this site.
 *
 * Inline style attributes are allowed (style-src-attr): React and Next set a few, they cannot run code, and
 * refusing them would silently break layouts; <style> elements need the nonce.
 */
export function buildContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    options.dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
