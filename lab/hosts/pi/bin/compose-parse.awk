# compose-parse.awk: reads a compose file, prints one record per line, TAB-separated:
#   @ name VALUE              the top-level project name
#   SERVICE @service          a service (in file order)
#   SERVICE KEY VALUE         image, user, container_name, stop_signal, build, healthcheck,
#                             env (K=V), env_file, volume (SRC:DST[:MODE]), port, cmd (one
#                             word per record), entrypoint (one word per record)
# Enough YAML for the compose files people write by hand: block maps and lists, flow lists,
# quoted scalars, comments, the short and long volume/port syntax. Not anchors, not folded
# (>) or literal (|) scalars, not multi-line flow collections.

function indent(s) { match(s, /^ */); return RLENGTH }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function stripc(s,   i, c, q) {
  q = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (q != "") { if (c == q) q = ""; continue }
    if (c == "\"" || c == "'") { if (i == 1 || substr(s, i - 1, 1) ~ /[ \t:\[,{-]/) q = c; continue }
    if (c == "#" && (i == 1 || substr(s, i - 1, 1) ~ /[ \t]/)) return substr(s, 1, i - 1)
  }
  return s
}
function unq(s) {
  s = trim(s)
  if (s ~ /^".*"$/) { s = substr(s, 2, length(s) - 2); gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s) }
  else if (s ~ /^'.*'$/) { s = substr(s, 2, length(s) - 2); gsub(/''/, "'", s) }
  return s
}
# splitkv(s): sets K and V when s is "key: value" or "key:"; returns 0 otherwise
function splitkv(s,   m) {
  if (match(s, /^("[^"]*"|'[^']*'|[^ "'#:][^:]*):([ \t]|$)/)) {
    K = unq(substr(s, 1, RLENGTH - (substr(s, RLENGTH, 1) == ":" ? 1 : 2)))
    V = trim(substr(s, RLENGTH + 1))
    return 1
  }
  return 0
}
# words(s, arr): splits a command string like a shell would (quotes, no expansions)
function words(s, arr,   n, i, c, q, w, have) {
  n = 0; q = ""; w = ""; have = 0
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (q != "") { if (c == q) q = ""; else w = w c; continue }
    if (c == "\"" || c == "'") { q = c; have = 1; continue }
    if (c ~ /[ \t]/) { if (have) { arr[++n] = w; w = ""; have = 0 }; continue }
    w = w c; have = 1
  }
  if (have) arr[++n] = w
  return n
}
# flow(s, arr): the items of a one-line flow sequence [a, "b c", 'd']
function flow(s, arr,   n, i, c, q, w) {
  s = trim(s); s = substr(s, 2, length(s) - 2)
  n = 0; q = ""; w = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (q != "") { w = w c; if (c == q) q = ""; continue }
    if (c == "\"" || c == "'") { q = c; w = w c; continue }
    if (c == ",") { arr[++n] = unq(w); w = ""; continue }
    w = w c
  }
  if (trim(w) != "") arr[++n] = unq(w)
  return n
}
function out(k, v) { printf "%s\t%s\t%s\n", svc, k, v }
function emit(blk, v) {
  if (blk == "environment") out("env", v)
  else if (blk == "volumes") out("volume", v)
  else if (blk == "ports") out("port", v)
  else if (blk == "command") out("cmd", v)
  else if (blk == "entrypoint") out("entrypoint", v)
  else if (blk == "env_file") out("env_file", v)
}
function flushitem() {
  if (!initem) return
  if (blk == "volumes" && item["source"] != "" && item["target"] != "")
    out("volume", item["source"] ":" item["target"] (item["read_only"] == "true" ? ":ro" : ""))
  else if (blk == "ports" && item["target"] != "")
    out("port", (item["host_ip"] != "" ? item["host_ip"] ":" : "") (item["published"] != "" ? item["published"] ":" : "") item["target"])
  delete item; initem = 0
}
function scalar(k, v,   n, a, i) {
  if (v ~ /^\[/) { n = flow(v, a); for (i = 1; i <= n; i++) emit(k, a[i]); return }
  if (v ~ /^\{/) return
  v = unq(v)
  if (k == "command" || k == "entrypoint") { n = words(v, a); for (i = 1; i <= n; i++) emit(k, a[i]); return }
  if (k == "env_file") { out("env_file", v); return }
  if (k ~ /^(image|user|container_name|stop_signal|build|restart|working_dir)$/) out(k, v)
}

BEGIN { sect = ""; svc = ""; svcind = -1; keyind = -1; blk = ""; initem = 0 }
{
  line = $0; sub(/\r$/, "", line); line = stripc(line)
  if (line ~ /^[ \t]*$/ || line ~ /^(---|\.\.\.)/) next
  ind = indent(line); s = trim(line)
  if (ind == 0) {
    flushitem(); blk = ""; svc = ""
    if (!splitkv(s)) next
    sect = K
    if (K == "name" && V != "") { svc = "@"; out("name", unq(V)); svc = "" }
    if (K == "services") svcind = -1
    next
  }
  if (sect != "services") next
  if (svcind < 0) svcind = ind
  if (ind < svcind) next
  if (ind == svcind) {
    flushitem(); blk = ""
    if (!splitkv(s)) next
    svc = K; keyind = -1; out("@service", "")
    next
  }
  if (svc == "") next
  if (keyind < 0) keyind = ind
  if (ind == keyind) {
    flushitem(); blk = ""
    if (!splitkv(s)) next
    if (K == "healthcheck") out("healthcheck", "1")
    if (K == "build") out("build", "1")
    if (V == "") blk = K; else scalar(K, V)
    next
  }
  if (ind < keyind || blk == "") next
  if (s ~ /^-( |$)/) {
    flushitem()
    s = trim(substr(s, 2))
    if ((blk == "volumes" || blk == "ports") && splitkv(s)) { initem = 1; item[K] = unq(V); next }
    emit(blk, unq(s))
    next
  }
  if (initem && splitkv(s)) { item[K] = unq(V); next }
  if (blk == "environment" && splitkv(s)) { out("env", K "=" unq(V)); next }
}
END { flushitem() }
