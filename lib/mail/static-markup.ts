import type { ReactElement, ReactNode } from "react";

/**
 * Renders a tree of React Email components to static HTML.
 *
 * Why not React Email's own render(): it calls react-dom/server, and every server context of this app (Route
 * Handlers, Server Actions, the CLIs run with `--conditions=react-server`, the unit tests) resolves React with
 * the react-server condition, where react-dom/server throws "not supported in React Server Components". Mail
 * components are pure functions of their props (no state, effects or context; React Email's components use
 * none), so walking the element tree is all a static render needs, under any condition.
 *
 * Text and attribute values are HTML-escaped here, so a household or event name can never inject markup.
 */

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const FORWARD_REF = Symbol.for("react.forward_ref");
const MEMO = Symbol.for("react.memo");
const FRAGMENT = Symbol.for("react.fragment");
const ATTRIBUTE_NAMES: Record<string, string> = {
  className: "class",
  htmlFor: "for",
  httpEquiv: "http-equiv",
  charSet: "charset",
};
const UNITLESS = new Set(["lineHeight", "fontWeight", "opacity", "zIndex", "flex", "flexGrow", "flexShrink", "order"]);

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function styleText(style: Record<string, unknown>): string {
  return Object.entries(style)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => {
      const name = k.startsWith("--") ? k : k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const value = typeof v === "number" && v !== 0 && !UNITLESS.has(k) ? `${v}px` : String(v);
      return `${name}:${value}`;
    })
    .join(";");
}

function attributes(props: Record<string, unknown>): string {
  let out = "";
  for (const [key, value] of Object.entries(props)) {
    if (key === "children" || key === "dangerouslySetInnerHTML" || key === "key" || key === "ref") continue;
    if (value === undefined || value === null || value === false || typeof value === "function") continue;
    const name = ATTRIBUTE_NAMES[key] ?? key;
    if (key === "style" && typeof value === "object") {
      const css = styleText(value as Record<string, unknown>);
      if (css) out += ` style="${escapeHtml(css)}"`;
      continue;
    }
    if (value === true) {
      out += ` ${name}`;
      continue;
    }
    const text = typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
    out += ` ${name}="${escapeHtml(text)}"`;
  }
  return out;
}

interface ElementLike {
  $$typeof: symbol;
  type: unknown;
  props: Record<string, unknown>;
}

function isElement(node: unknown): node is ElementLike {
  return typeof node === "object" && node !== null && "$$typeof" in node && "props" in node;
}

export function renderStaticMarkup(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string") return escapeHtml(node);
  if (typeof node === "number" || typeof node === "bigint") return String(node);
  if (Array.isArray(node)) return node.map(renderStaticMarkup).join("");
  if (!isElement(node)) {
    if (typeof node === "object" && Symbol.iterator in node)
      return [...(node as Iterable<ReactNode>)].map(renderStaticMarkup).join("");
    throw new Error("renderStaticMarkup: unsupported node (promises and portals have no place in a mail)");
  }
  const { type, props } = node;
  if (type === FRAGMENT) return renderStaticMarkup(props.children as ReactNode);
  if (typeof type === "function") return renderStaticMarkup((type as (p: unknown) => ReactNode)(props));
  if (typeof type === "object" && type !== null) {
    const wrapper = type as { $$typeof?: symbol; render?: (p: unknown, ref: null) => ReactNode; type?: unknown };
    if (wrapper.$$typeof === FORWARD_REF && wrapper.render) return renderStaticMarkup(wrapper.render(props, null));
    if (wrapper.$$typeof === MEMO)
      return renderStaticMarkup({ ...(node as ReactElement), type: wrapper.type } as unknown as ReactElement);
  }
  if (typeof type !== "string") throw new Error(`renderStaticMarkup: unsupported element type ${String(type)}`);
  const open = `<${type}${attributes(props)}>`;
  if (VOID_ELEMENTS.has(type)) return open;
  const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
  const children = inner?.__html ?? renderStaticMarkup(props.children as ReactNode);
  return `${open}${children}</${type}>`;
}

/** A whole mail document, with the doctype React Email's render() also writes. */
export function renderEmailHtml(element: ReactElement): string {
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">${renderStaticMarkup(element)}`;
}
