import { request as httpRequest } from "node:http";
import { JOHN } from "./helpers";

/**
 * Real HTTP against a running app, without a browser: what an attacker's script sends. Forms are posted the
 * way a browser without JavaScript posts them (multipart, with the hidden Server Action fields the page
 * rendered), so the same Server Action runs as for a person.
 */

export interface FormFields {
  /** The hidden inputs of the form as rendered ($ACTION_* fields, token, next...). */
  hidden: [string, string][];
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The hidden inputs of the `index`-th form on a page (or of the first form containing `marker`). */
export function scrapeForm(html: string, which: number | string = 0): FormFields {
  const forms = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!);
  const form = typeof which === "number" ? forms[which] : forms.find((f) => f.includes(which));
  if (form === undefined) throw new Error(`no form ${JSON.stringify(which)} in the page (${forms.length} forms)`);
  const hidden: [string, string][] = [];
  for (const match of form.matchAll(/<input\b([^>]*)\/?>/g)) {
    const attributes = match[1]!;
    if (!/\btype="hidden"/.test(attributes)) continue;
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(attributes)?.[1] ?? "";
    if (name !== undefined) hidden.push([unescapeHtml(name), unescapeHtml(value)]);
  }
  return { hidden };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  location: string | null;
  body: string;
  setCookies: string[];
}

/**
 * One request through node:http, which (unlike fetch) sends any Host header it is given: a forged Host is one
 * of the attacks tested. Never follows redirects.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        // The path is sent as given (no normalisation, bad percent-encoding included).
        path: url.slice(target.origin.length) || "/",
        method: options.method ?? "GET",
        headers: options.headers,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const setCookie = res.headers["set-cookie"] ?? [];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            location: typeof res.headers.location === "string" ? res.headers.location : null,
            body: Buffer.concat(chunks).toString("utf8"),
            setCookies: setCookie,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${options.method ?? "GET"} ${url} timed out`)));
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A multipart body as a browser sends it, with its Content-Type. */
export async function multipart(fields: [string, string][]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

/** The hidden fields of a form as the page renders it (GET `pagePath`). */
export async function formFields(
  baseUrl: string,
  pagePath: string,
  options: { which?: number | string; cookie?: string } = {},
): Promise<[string, string][]> {
  const page = await rawRequest(`${baseUrl}${pagePath}`, { headers: options.cookie ? { cookie: options.cookie } : {} });
  if (page.status !== 200) throw new Error(`GET ${pagePath} answered ${page.status}`);
  return scrapeForm(page.body, options.which ?? 0).hidden;
}

/** Posts hidden fields plus visible ones as a multipart form, the way a browser without JavaScript does. */
export async function postForm(
  baseUrl: string,
  postPath: string,
  hidden: [string, string][],
  fields: Record<string, string>,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const all = new Map<string, string>(hidden);
  for (const [k, v] of Object.entries(fields)) all.set(k, v);
  const { body, contentType } = await multipart([...all]);
  return rawRequest(`${baseUrl}${postPath}`, {
    method: "POST",
    body,
    headers: {
      origin: new URL(baseUrl).origin,
      "content-type": contentType,
      "content-length": String(body.length),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
  });
}

/**
 * GETs `pagePath`, then posts its form (chosen by `which`) back to `postPath` (default: the page) with the
 * given visible fields, as a browser with JavaScript off would. `headers` may forge Host and friends.
 */
export async function submitForm(
  baseUrl: string,
  pagePath: string,
  fields: Record<string, string>,
  options: { which?: number | string; cookie?: string; headers?: Record<string, string>; postPath?: string } = {},
): Promise<HttpAnswer> {
  const hidden = await formFields(baseUrl, pagePath, options);
  return postForm(baseUrl, options.postPath ?? pagePath, hidden, fields, options);
}

/** The `name=value` part of a Set-Cookie for `name`, or undefined. */
export function cookieFrom(answer: HttpAnswer, name: string): string | undefined {
  return answer.setCookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`));
}

function loginFields(who: { email?: string; password?: string }, next?: string): Record<string, string> {
  const fields: Record<string, string> = {
    email: who.email ?? JOHN.email,
    password: who.password ?? JOHN.password,
    rememberMe: "on",
  };
  if (next !== undefined) fields.next = next;
  return fields;
}

/** Logs in over plain HTTP (no browser) and returns the answer; `cookie` carries any cookie to send along. */
export function logInOverHttp(
  baseUrl: string,
  who: { email?: string; password?: string } = {},
  options: { next?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  return submitForm(baseUrl, "/organizer/login", loginFields(who, options.next), {
    cookie: options.cookie,
    headers: options.headers,
  });
}

/** A reusable poster of the login form: the page is fetched once, then each call is one POST. */
export async function loginPoster(baseUrl: string) {
  const hidden = await formFields(baseUrl, "/organizer/login");
  return (
    who: { email?: string; password?: string } = {},
    options: { cookie?: string; headers?: Record<string, string> } = {},
  ) => postForm(baseUrl, "/organizer/login", hidden, loginFields(who), options);
}

/** What a login answer says: "ok" (redirected with a session cookie), or the form's error text. */
export function loginOutcome(answer: HttpAnswer, sessionCookieName: string): string {
  if (answer.status === 303 && cookieFrom(answer, sessionCookieName)) return "ok";
  const alert = /<div class="alert error"[^>]*>([\s\S]*?)<\/div>/.exec(answer.body)?.[1];
  return alert
    ? alert
        .replace(/<[^>]+>/g, "")
        .replace(/&#x27;/g, "'")
        .trim()
    : `HTTP ${answer.status}`;
}
