/**
 * The cluster's Redis state and the Lua scripts that change it (each runs atomically in Redis).
 * Times are Redis's own clock (TIME, ms), so instances never compare their clocks with each other.
 *
 * Keys (prefix P = `switchboard:<key>:`):
 *   P inst          ZSET  instance id → lease deadline (ms)
 *   P info:<inst>   HASH  host, pid, port, startedAt (for the dashboard)
 *   P held:<inst>   SET   ids the instance holds
 *   P id:<id>       HASH  inst, token, gen (generation of the claim)
 *   P hold          HASH  id → inst: id:<id>'s inst again, so ROUTE reads a batch's holders in one HMGET
 *   P gen           counter of claims
 *   P q:<id>        LIST  frames waiting for an absent id: "<queuedAt> <bytes> <srcInst> <src>\n<record>"
 *   P qn:<id>       HASH  sender id → how many of q:<id>'s frames it holds (its pair share)
 *   P qidx          ZSET  id → queuedAt of its oldest waiting frame (or earlier)
 *   P qbytes        counter of queued bytes (the max_queued_bytes cap)
 * A frame's record (record.ts): "<dst bytes>:<src bytes>:<type>:<stamp>:<text bytes>:<dst><src><text>".
 * Channel P ch:<inst> carries to one instance either frames to deliver (their records concatenated), or
 * a JSON array of notes:
 *   ["k", id, gen]               id was claimed again (generation gen): close an older holder
 *   ["e", src, dst, count]       frames from src to dst expired: tell src
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Is `inst`'s lease live? (cached per script run) */
const ALIVE = `local leases = {}
local function alive(inst)
  local l = leases[inst]
  if l == nil then
    l = tonumber(redis.call('ZSCORE', P .. 'inst', inst) or '-1')
    leases[inst] = l
  end
  return l >= now
end`;

/**
 * Renews (or, with ARGV[4] = '1', takes) the instance's lease and reaps instances whose lease ran out.
 * ARGV: P, inst, leaseMs, register, host info JSON. Returns {'ok', now} or {'lapsed'} (the lease ran
 * out before this renewal: the instance must register again and re-claim its ids).
 */
export const LEASE = `local P, inst, lease, register = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
${NOW}
local cur = tonumber(redis.call('ZSCORE', P .. 'inst', inst) or '-1')
if register ~= '1' and cur < now then return {'lapsed'} end
redis.call('ZADD', P .. 'inst', now + lease, inst)
if register == '1' then redis.call('HSET', P .. 'info:' .. inst, 'about', ARGV[5], 'since', now) end
local dead = redis.call('ZRANGEBYSCORE', P .. 'inst', '-inf', '(' .. now, 'LIMIT', 0, 16)
for _, d in ipairs(dead) do
  local ids = redis.call('SMEMBERS', P .. 'held:' .. d)
  for _, id in ipairs(ids) do
    if redis.call('HGET', P .. 'id:' .. id, 'inst') == d then
      redis.call('DEL', P .. 'id:' .. id)
      redis.call('HDEL', P .. 'hold', id)
    end
  end
  redis.call('DEL', P .. 'held:' .. d, P .. 'info:' .. d)
  redis.call('ZREM', P .. 'inst', d)
end
return {'ok', now, #dead}`;

/**
 * Claims an id. ARGV: P, inst, id, token, mode. Returns {'ok', gen, queued...}, {'taken'} or {'fenced'}
 * (this instance's own lease ran out: it may not claim). An id whose holder's lease ran out is free.
 * Mode 'take': the same token takes over (the old holder, wherever it is, is told to close its socket).
 * Mode 'keep' (re-claiming after an outage): an id held by another live instance is never taken; one
 * this instance still holds keeps its generation.
 */
export const CLAIM = `local P, inst, id, token, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
${NOW}
${ALIVE}
if not alive(inst) then return {'fenced'} end
local k = P .. 'id:' .. id
local cur = redis.call('HMGET', k, 'inst', 'token', 'gen')
local gen
if cur[1] and mode == 'keep' and cur[1] == inst and cur[2] == token then
  gen = tonumber(cur[3])
else
  if cur[1] then
    if alive(cur[1]) and (cur[2] ~= token or (mode == 'keep' and cur[1] ~= inst)) then return {'taken'} end
    redis.call('SREM', P .. 'held:' .. cur[1], id)
  end
  gen = redis.call('INCR', P .. 'gen')
  redis.call('HSET', k, 'inst', inst, 'token', token, 'gen', gen)
  redis.call('HSET', P .. 'hold', id, inst)
  redis.call('SADD', P .. 'held:' .. inst, id)
  if cur[1] then
    redis.call('PUBLISH', P .. 'ch:' .. cur[1], '[["k",' .. cjson.encode(id) .. ',' .. gen .. ']]')
  end
end
local out = {'ok', gen}
local qk = P .. 'q:' .. id
local q = redis.call('LRANGE', qk, 0, -1)
if #q > 0 then
  local bytes = 0
  for _, el in ipairs(q) do
    local nl = string.find(el, '\\n', 1, true)
    bytes = bytes + tonumber(string.match(el, '^%d+ (%d+) '))
    out[#out + 1] = string.sub(el, nl + 1)
  end
  redis.call('DEL', qk, P .. 'qn:' .. id)
  redis.call('ZREM', P .. 'qidx', id)
  redis.call('DECRBY', P .. 'qbytes', bytes)
end
return out`;

/**
 * Releases an id if the claim `gen` still holds it (a stale close never unregisters a newer holder);
 * gen '*': whatever claim of this instance holds it. ARGV: P, inst, id, gen.
 */
export const RELEASE = `local P, inst, id, gen = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local k = P .. 'id:' .. id
local cur = redis.call('HMGET', k, 'inst', 'gen')
if cur[1] == inst and (cur[2] == gen or gen == '*') then
  redis.call('DEL', k)
  redis.call('HDEL', P .. 'hold', id)
  redis.call('SREM', P .. 'held:' .. inst, id)
  return 1
end
return 0`;

/**
 * Appends a frame to an absent id's queue (used by ROUTE). `capped`: the caps of one instance apply
 * (queue.ts): a sender holds at most `share` of an id's frames (its pair share); when its share is full,
 * its OLDEST frame for the id is dropped to make room ("superseded", checked first, so a re-dialling
 * sender is never refused by a per-id cap it does not fill); else the per-id cap (`maxQueue`) and the
 * byte cap (`maxBytes`, net of what a superseded frame frees). Needs P, inst, share, maxQueue, maxBytes.
 * Returns 'q<depth>', 'q<depth> <superseded type>', 'full' or 'bytes'.
 */
const ENQUEUE = `local qbytes = nil
local function enqueue(dst, src, at, rec, capped)
  local qk, nk = P .. 'q:' .. dst, P .. 'qn:' .. dst
  if qbytes == nil then qbytes = tonumber(redis.call('GET', P .. 'qbytes') or '0') end
  local depth = redis.call('LLEN', qk)
  local old, freed, oldType = nil, 0, nil
  if capped and share > 0 and tonumber(redis.call('HGET', nk, src) or '0') >= share then
    for _, el in ipairs(redis.call('LRANGE', qk, 0, -1)) do
      local nl = string.find(el, '\\n', 1, true)
      local b, s = string.match(string.sub(el, 1, nl - 1), '^%d+ (%d+) %S+ (.*)$')
      if s == src then
        old, freed = el, tonumber(b)
        oldType = string.match(el, '^%d+:%d+:(%u+):', nl + 1)
        break
      end
    end
  end
  if capped and old == nil and maxQueue > 0 and depth >= maxQueue then return 'full' end
  if capped and maxBytes > 0 and qbytes - freed + #rec > maxBytes then return 'bytes' end
  if old then
    redis.call('LREM', qk, 1, old)
  else
    redis.call('HINCRBY', nk, src, 1)
    depth = depth + 1
  end
  redis.call('RPUSH', qk, at .. ' ' .. #rec .. ' ' .. inst .. ' ' .. src .. '\\n' .. rec)
  redis.call('ZADD', P .. 'qidx', 'LT', at, dst)
  qbytes = qbytes - freed + #rec
  redis.call('INCRBY', P .. 'qbytes', #rec - freed)
  if old then return 'q' .. depth .. ' ' .. oldType end
  return 'q' .. depth
end`;

/**
 * Routes a batch of frames for ids not held by the calling instance. The batch is one argument: its
 * records concatenated (record.ts), grouped by destination (each destination's frames in the order they
 * were sent; order matters per destination only), and described by a triple per destination: the id,
 * the byte where its group ends, and how many frames it holds. So the script looks each destination up
 * once and never reads a record on the common path: each group goes to the instance holding its
 * destination (all destinations' holders read in one HMGET of P hold; one PUBLISH per target instance for the whole batch: the batch as it is when every group
 * goes there, else that instance's groups cut out of it), or its frames wait in the destination's queue
 * (queueable types, under ENQUEUE's caps and pair share), or are dropped. When the holder is not
 * listening (its subscription is reconnecting), its frames wait in their destinations' queues, which it
 * drains when it listens again.
 * ARGV: P, inst, maxQueue, maxBytes, share, batch, ages, then per destination: id, end, count. `ages`
 * lists "<index>:<ms> " for the frames sent that many ms ago (frames that waited in an instance's local
 * queue while Redis was away: their expiry counts from when they were sent); every other frame was sent
 * now. Frames are numbered from 1 in the order of the batch.
 * Returns per frame that did not go to an instance: its number, ENQUEUE's answer or 'none'.
 */
export const ROUTE = `local P, inst, maxQueue, maxBytes, share = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local batch = ARGV[6]
${NOW}
${ALIVE}
${ENQUEUE}
local ages = {}
for i, ms in string.gmatch(ARGV[7], '(%d+):(%d+)') do ages[tonumber(i)] = tonumber(ms) end
-- calls fn(number, type, src, record) for each record of batch bytes [from, to], numbered from n + 1
local function each(from, to, n, fn)
  local pos = from
  while pos <= to do
    local _, e, dl, sl, ty, tl = string.find(batch, '^(%d+):(%d+):(%u+):[%d.]*:(%d+):', pos)
    if not e then return false end
    local ss = e + 1 + tonumber(dl)
    local stop = ss + tonumber(sl) + tonumber(tl) - 1
    if stop > to then return false end
    n = n + 1
    fn(n, ty, string.sub(batch, ss, ss + tonumber(sl) - 1), string.sub(batch, pos, stop))
    pos = stop + 1
  end
  return true
end
local dsts = {}
for g = 8, #ARGV - 2, 3 do dsts[#dsts + 1] = ARGV[g] end
local holders = #dsts > 0 and redis.call('HMGET', P .. 'hold', unpack(dsts)) or {}
local groups, runs, order, out = {}, {}, {}, {}
local from, n = 1, 0
for g = 8, #ARGV - 2, 3 do
  local dst, to = ARGV[g], tonumber(ARGV[g + 1])
  local holder = holders[(g - 5) / 3]
  if not (holder and alive(holder)) then holder = false end
  groups[#groups + 1] = {dst, from, to, n, holder}
  if holder then
    local r = runs[holder]
    if not r then r = {}; runs[holder] = r; order[#order + 1] = holder end
    if r[#r] == from - 1 then r[#r] = to else r[#r + 1] = from; r[#r + 1] = to end
  elseif not each(from, to, n, function(i, ty, src, rec)
    out[#out + 1] = i
    if ty == 'OFFER' or ty == 'ANSWER' or ty == 'CANDIDATE' then
      out[#out + 1] = enqueue(dst, src, now - (ages[i] or 0), rec, true)
    else
      out[#out + 1] = 'none'
    end
  end) then
    return redis.error_reply('ROUTE: malformed batch')
  end
  n = n + tonumber(ARGV[g + 2])
  from = to + 1
end
if from ~= #batch + 1 then return redis.error_reply('ROUTE: malformed batch') end
for _, holder in ipairs(order) do
  local r = runs[holder]
  local message = batch
  if r[1] ~= 1 or r[2] ~= #batch then
    local parts = {}
    for j = 1, #r, 2 do parts[#parts + 1] = string.sub(batch, r[j], r[j + 1]) end
    message = table.concat(parts)
  end
  if redis.call('PUBLISH', P .. 'ch:' .. holder, message) == 0 then
    for _, g in ipairs(groups) do
      if g[5] == holder then
        local dst = g[1]
        each(g[2], g[3], g[4], function(i, _, src, rec) enqueue(dst, src, now - (ages[i] or 0), rec, false) end)
      end
    end
  end
end
return out`;

/**
 * Expires queued frames: for each queue whose oldest frame waited `expire` ms, every frame of each
 * sender with an expired frame goes (the sender is told once per pair, on its own instance's channel).
 * ARGV: P, expireMs. Returns the number of (sender, destination) pairs expired.
 */
export const EXPIRE = `local P, expire = ARGV[1], tonumber(ARGV[2])
${NOW}
local due = redis.call('ZRANGEBYSCORE', P .. 'qidx', '-inf', now - expire, 'LIMIT', 0, 200)
local notes, order = {}, {}
local pairs_ = 0
for _, dst in ipairs(due) do
  local qk = P .. 'q:' .. dst
  local q = redis.call('LRANGE', qk, 0, -1)
  local parsed = {}
  local dead = {}
  for j, el in ipairs(q) do
    local nl = string.find(el, '\\n', 1, true)
    local at, b, si, src = string.match(string.sub(el, 1, nl - 1), '^(%d+) (%d+) (%S+) (.*)$')
    parsed[j] = {tonumber(at), tonumber(b), si, src, el}
    if now - tonumber(at) >= expire then dead[si .. ' ' .. src] = true end
  end
  local kept, counts, freed = {}, {}, 0
  for _, m in ipairs(parsed) do
    local key = m[3] .. ' ' .. m[4]
    if dead[key] then
      freed = freed + m[2]
      local c = counts[key]
      if not c then c = {m[3], m[4], 0}; counts[key] = c end
      c[3] = c[3] + 1
    else
      kept[#kept + 1] = m
    end
  end
  redis.call('DEL', qk, P .. 'qn:' .. dst)
  if #kept > 0 then
    local first = kept[1][1]
    for _, m in ipairs(kept) do
      redis.call('RPUSH', qk, m[5])
      redis.call('HINCRBY', P .. 'qn:' .. dst, m[4], 1)
      if m[1] < first then first = m[1] end
    end
    redis.call('ZADD', P .. 'qidx', first, dst)
  else
    redis.call('ZREM', P .. 'qidx', dst)
  end
  redis.call('DECRBY', P .. 'qbytes', freed)
  for _, c in pairs(counts) do
    local list = notes[c[1]]
    if not list then list = {}; notes[c[1]] = list; order[#order + 1] = c[1] end
    list[#list + 1] = cjson.encode({'e', c[2], dst, c[3]})
    pairs_ = pairs_ + 1
  end
end
for _, si in ipairs(order) do
  redis.call('PUBLISH', P .. 'ch:' .. si, '[' .. table.concat(notes[si], ',') .. ']')
end
return pairs_`;

/** Every id held by an instance with a live lease. ARGV: P. */
export const IDS = `local P = ARGV[1]
${NOW}
local live = redis.call('ZRANGEBYSCORE', P .. 'inst', now, '+inf')
local out = {}
for _, inst in ipairs(live) do
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'held:' .. inst)) do out[#out + 1] = id end
end
return out`;

/** Is the id held by a live instance, or waited for? ARGV: P, id. Returns 1 if so. */
export const TAKEN = `local P, id = ARGV[1], ARGV[2]
${NOW}
local holder = redis.call('HGET', P .. 'id:' .. id, 'inst')
if holder then
  local l = tonumber(redis.call('ZSCORE', P .. 'inst', holder) or '-1')
  if l >= now then return 1 end
end
return 0`;

/** Live instances with their info and id counts. ARGV: P. Returns flat [inst, leaseDeadline, about, since, ids]... and now. */
export const INSTANCES = `local P = ARGV[1]
${NOW}
local live = redis.call('ZRANGEBYSCORE', P .. 'inst', now, '+inf', 'WITHSCORES')
local out = {now}
for j = 1, #live, 2 do
  local inst = live[j]
  local info = redis.call('HMGET', P .. 'info:' .. inst, 'about', 'since')
  out[#out + 1] = inst
  out[#out + 1] = live[j + 1]
  out[#out + 1] = info[1] or ''
  out[#out + 1] = info[2] or '0'
  out[#out + 1] = redis.call('SCARD', P .. 'held:' .. inst)
end
return out`;

/** An instance leaving the cluster: its ids are freed now and its lease ends. ARGV: P, inst. */
export const LEAVE = `local P, inst = ARGV[1], ARGV[2]
for _, id in ipairs(redis.call('SMEMBERS', P .. 'held:' .. inst)) do
  if redis.call('HGET', P .. 'id:' .. id, 'inst') == inst then
    redis.call('DEL', P .. 'id:' .. id)
    redis.call('HDEL', P .. 'hold', id)
  end
end
redis.call('DEL', P .. 'held:' .. inst, P .. 'info:' .. inst)
redis.call('ZREM', P .. 'inst', inst)
return 1`;

export const ALL_SCRIPTS = [LEASE, CLAIM, RELEASE, ROUTE, EXPIRE, IDS, TAKEN, INSTANCES, LEAVE];
