// On Redis, listKeys and forEachValue (like unstorage's getKeys) are a SCAN of the whole keyspace: fine for the
// sessions CLI or a maintenance sweep, fatal on a request path as data grows. e2e/redis.spec.ts proves the login
// flow issues no SCAN from Redis's own INFO commandstats; this rule covers every page, action, route and lib
// module, including ones added later:
//   - app/, proxy.ts, instrumentation.ts: no keyspace listing at all (option `requestOnly: true`).
//   - lib/: only inside a function whose name says it is maintenance (prune..., sweep..., clearAll...,
//     listAll..., maintenance..., ...Sweep...), found by walking out through the enclosing functions.
//   - lib/storage/ implements listKeys and is not checked (eslint.config.mjs leaves it out).
// Anything else that needs "all X of an organizer" keeps an index set instead (see organizer-sessions in
// lib/session/manager.ts).

export const FORBIDDEN_CALLS = /^(listKeys|forEachValue|getKeys|listAllSessions|pruneExpired|clearAllSessions|scan)$/;
export const MAINTENANCE_NAME = /^(prune|sweep|clearAll|listAll|maintenance)|Sweep/;

/** The name a function node is known by: its own, or that of the variable, property or method holding it. */
function nameOf(node) {
  if (node.id?.name) return node.id.name;
  const parent = node.parent;
  if (!parent) return null;
  if (parent.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if (
    (parent.type === "Property" || parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") &&
    parent.key.type === "Identifier"
  ) {
    return parent.key.name;
  }
  return null;
}

function calledName(callee) {
  if (callee.type === "Identifier") return callee.name;
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier")
    return callee.property.name;
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noScanOnRequestPath = {
  meta: {
    type: "problem",
    docs: { description: "No keyspace listing (a SCAN on Redis) on a request path" },
    schema: [{ type: "object", properties: { requestOnly: { type: "boolean" } }, additionalProperties: false }],
    messages: {
      scan: "{{name}}() lists the whole keyspace (a SCAN on Redis): keep an index set, or do it in a maintenance function / scripts/.",
    },
  },
  create(context) {
    const requestOnly = context.options[0]?.requestOnly === true;
    return {
      CallExpression(node) {
        const name = calledName(node.callee);
        if (!name || !FORBIDDEN_CALLS.test(name)) return;
        if (!requestOnly) {
          const inMaintenance = context.sourceCode
            .getAncestors(node)
            .filter(
              (n) =>
                n.type === "FunctionDeclaration" ||
                n.type === "FunctionExpression" ||
                n.type === "ArrowFunctionExpression",
            )
            .some((fn) => MAINTENANCE_NAME.test(nameOf(fn) ?? ""));
          if (inMaintenance) return;
        }
        context.report({ node, messageId: "scan", data: { name } });
      },
    };
  },
};

export default { rules: { "no-scan-on-request-path": noScanOnRequestPath } };
