import { createHash } from "node:crypto";
import { guardsOf, serialize, type CommitRequest, type CommitResult } from "./types";

/**
 * The Lua scripts of the Redis and Upstash stores. A script runs atomically in Redis: nothing else runs
 * between its first command and its last, which makes a guarded multi-key commit one step on both the TCP
 * (ioredis) and the REST (Upstash) client, where WATCH/MULTI is not available. Scripts are sent by SHA
 * (EVALSHA) and, when Redis answers NOSCRIPT (a restart, SCRIPT FLUSH, a new server), once in full (EVAL),
 * which also loads them for the next call.
 */

export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * commit. KEYS: every key the request names, once each. ARGV: the number of guards, then per guard its
 * kind ("absent" | "present" | "version"), key index and version (or ""), then the number of writes, then per
 * write its op ("set" | "del" | "sadd" | "srem"), key index, payload (the JSON text, or the member) and TTL in
 * seconds (or "").
 *
 * Returns 0 when every guard held and every write was made; n > 0 when guard n (1-based) failed and nothing
 * was written; -n when write n is a set operation on a key holding another type (refused before any write:
 * Redis does not undo a script's earlier writes when a later command fails).
 *
 * Guards read the value as the other stores do: present means a string value is stored (a set is no
 * value); a version guard decodes the stored JSON with cjson and compares its top-level numeric "version".
 */
export const COMMIT_SCRIPT = script(`
local guards = tonumber(ARGV[1])
local i = 2
for g = 1, guards do
  local kind, key, want = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2]
  i = i + 3
  local raw = redis.pcall("GET", key)
  if type(raw) == "table" then raw = false end -- WRONGTYPE: a set is no value
  local holds
  if kind == "absent" then
    holds = raw == false
  elseif kind == "present" then
    holds = raw ~= false
  else
    holds = false
    if raw ~= false then
      local decoded, doc = pcall(cjson.decode, raw)
      if decoded and type(doc) == "table" and type(doc.version) == "number" and doc.version == tonumber(want) then
        holds = true
      end
    end
  end
  if not holds then return g end
end
local writes = tonumber(ARGV[i])
local first = i + 1
for w = 1, writes do
  local at = first + (w - 1) * 4
  local op = ARGV[at]
  if op == "sadd" or op == "srem" then
    local t = redis.call("TYPE", KEYS[tonumber(ARGV[at + 1])]).ok
    if t ~= "set" and t ~= "none" then return -w end
  end
end
for w = 1, writes do
  local at = first + (w - 1) * 4
  local op, key, payload, ttl = ARGV[at], KEYS[tonumber(ARGV[at + 1])], ARGV[at + 2], ARGV[at + 3]
  if op == "set" then
    if ttl ~= "" then redis.call("SET", key, payload, "EX", ttl) else redis.call("SET", key, payload) end
  elseif op == "del" then
    redis.call("DEL", key)
  elseif op == "sadd" then
    redis.call("SADD", key, payload)
  else
    redis.call("SREM", key, payload)
  end
end
return 0
`);

/**
 * readIndex. KEYS[1]: the set. ARGV[1]: the prefix of the records' keys (`<prefix>:<namespace>:`). Returns
 * member, value, member, value, ... (a missing value as nil), read in one step: the index and its records
 * as of one moment. The record keys are built inside the script (fine on one Redis or Upstash database, not
 * on a cluster). MGET in slices, as Lua's unpack() has a limit of a few thousand values.
 */
export const READ_INDEX_SCRIPT = script(`
local members = redis.call("SMEMBERS", KEYS[1])
local out = {}
local n = #members
local from = 1
while from <= n do
  local to = math.min(from + 499, n)
  local keys = {}
  for j = from, to do keys[#keys + 1] = ARGV[1] .. members[j] end
  local values = redis.call("MGET", unpack(keys))
  for j = from, to do
    out[#out + 1] = members[j]
    out[#out + 1] = values[j - from + 1]
  end
  from = to + 1
end
return out
`);

/** Refreshes a lock's expiry if it is still ours: KEYS[1] the lock, ARGV[1] our token, ARGV[2] ms. */
export const REFRESH_LOCK_SCRIPT = script(
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`,
);

/** Deletes a lock only if it is still ours: KEYS[1] the lock, ARGV[1] our token. */
export const RELEASE_LOCK_SCRIPT = script(
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`,
);

const GUARD_ARGS = { absent: "absent", present: "present", version: "version" } as const;
const WRITE_ARGS = { set: "set", replace: "set", remove: "del", setAdd: "sadd", setRemove: "srem" } as const;

export interface EncodedCommit {
  keys: string[];
  args: string[];
  /** What result n means: guards[n - 1] failed, or writes[-n - 1] hit a key of another type. */
  decode(result: unknown): CommitResult;
}

/** A validated request as the commit script's KEYS and ARGV, `full` mapping a key to its Redis key. */
export function encodeCommit(request: CommitRequest, full: (key: string) => string): EncodedCommit {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const slot = (key: string) => {
    let at = index.get(key);
    if (at === undefined) {
      keys.push(full(key));
      at = keys.length; // Lua's KEYS is 1-based
      index.set(key, at);
    }
    return String(at);
  };
  const guards = guardsOf(request);
  const args: string[] = [String(guards.length)];
  for (const guard of guards) {
    args.push(GUARD_ARGS[guard.kind], slot(guard.key), guard.kind === "version" ? String(guard.version) : "");
  }
  args.push(String(request.writes.length));
  for (const write of request.writes) {
    const payload =
      write.op === "setAdd" || write.op === "setRemove"
        ? write.member
        : write.op === "remove"
          ? ""
          : serialize(write.value);
    const ttl =
      (write.op === "set" || write.op === "replace") && write.ttlSeconds !== undefined
        ? String(Math.max(1, Math.ceil(write.ttlSeconds)))
        : "";
    args.push(WRITE_ARGS[write.op], slot(write.key), payload, ttl);
  }
  return {
    keys,
    args,
    decode(result) {
      const n = Number(result);
      if (result === null || result === undefined || !Number.isInteger(n)) {
        throw new Error(`commit script: unexpected answer ${JSON.stringify(result)}`);
      }
      if (n === 0) return { ok: true };
      if (n > 0) {
        const guard = guards[n - 1]!;
        return { ok: false, conflict: { key: guard.key, kind: guard.kind } };
      }
      const write = request.writes[-n - 1]!;
      // Not a conflict: the data is not what the code thinks it is (a value where a set is expected).
      throw new Error(`commit refused: ${write.key} holds a value of another type than a set; nothing was written`);
    },
  };
}

/** readIndex's flat answer as entries, values still raw (the caller deserialises). */
export function pairsOf(flat: unknown): { member: string; raw: unknown }[] {
  if (!Array.isArray(flat)) throw new Error(`readIndex script: unexpected answer ${JSON.stringify(flat)}`);
  const entries: { member: string; raw: unknown }[] = [];
  for (let i = 0; i < flat.length; i += 2) entries.push({ member: String(flat[i]), raw: flat[i + 1] ?? null });
  return entries;
}

/** INCR and a fresh expiry in one atomic step and one round trip: never a counter left without a TTL. */
export const INCREMENT_COUNTER_SCRIPT = script(
  `local n = redis.call("incr", KEYS[1]) redis.call("pexpire", KEYS[1], ARGV[1]) return n`,
);
