# lab/lib/common.sh: shared by lab/up, lab/down and lab/status (sourced, not run).
# Naming: lab network K (default 0) uses bridge pblabK, subnet 10.77.K.0/24,
# netns pblabK-<host>, host-side veth pbK-<host>. Everything is found again
# through the state dir (lab.env, hosts/<name>/...), never by process name.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB_REGISTRY=/run/playbook-lab          # netK -> state dir that owns lab network K
LAB_DEFAULT_STATE=${LAB_STATE:-/tmp/playbook-lab}
PROG=${PROG:-lab}

say()  { printf '%s: %s\n' "$PROG" "$*"; }
warn() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die()  { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, mounts, loop devices): run it as root or with sudo"
}

# net_names K: sets BRIDGE, NET_PREFIX (first three octets), NS_PREFIX, VETH_PREFIX
net_names() {
  LAB_NET=$1
  BRIDGE=pblab$LAB_NET
  NET_PREFIX=10.77.$LAB_NET
  NS_PREFIX=pblab$LAB_NET-
  VETH_PREFIX=pb$LAB_NET-
}

# host_ip NAME -> address on the lab bridge (pi .11, mac .12, hNN .100+NN)
host_ip() {
  case $1 in
    pi)  echo "$NET_PREFIX.11" ;;
    mac) echo "$NET_PREFIX.12" ;;
    h[0-9]*) echo "$NET_PREFIX.$((100 + 10#${1#h}))" ;;
    *) return 1 ;;
  esac
}

# pid_is_ours PID STATE NAME: true when PID is the hostinit PID 1 of NAME in STATE.
# Guards against killing a recycled PID: the command line must match exactly.
pid_is_ours() {
  local pid=$1 state=$2 name=$3 cmd
  local -a argv=()
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  mapfile -d '' argv 2>/dev/null < "/proc/$pid/cmdline" || return 1
  cmd=" ${argv[*]-} "
  [[ $cmd == *"/hostinit $name $state "* ]]
}

# alive PID: the process exists and is not a zombie (an exited launcher whose parent,
# lab/up, is gone waits as a zombie for the controller's init to reap it: not ours)
alive() {
  local st=
  read -r st 2>/dev/null < "/proc/$1/stat" || return 1
  st=${st##*) }
  [ "${st:0:1}" != Z ]
}

tick() { [ -z "${LAB_TRACE:-}" ] || printf '%s %s\n' "$(date +%s.%N)" "$*" >&2; }

# lab_down STATE [quiet]: tear down everything recorded in STATE. Never stops at
# the first error; returns non-zero if something could not be removed.
lab_down() {
  local state=$1 quiet=${2:-} rc=0 name pid hd i loop img left
  local -a names=() pids=()
  [ -d "$state" ] || { [ -n "$quiet" ] || say "nothing to do: no state dir $state"; return 0; }
  if [ ! -e "$state/.playbook-lab" ]; then
    warn "refusing to touch $state: it has no .playbook-lab marker (not a lab state dir)"
    return 1
  fi
  LAB_NET=0
  # shellcheck disable=SC1091
  [ -r "$state/lab.env" ] && . "$state/lab.env"
  net_names "$LAB_NET"

  # 1. kill each host's PID 1: that ends its PID namespace (sshd, services, all).
  if [ -d "$state/hosts" ]; then
    for hd in "$state"/hosts/*/; do
      [ -d "$hd" ] || continue
      name=$(basename "$hd"); names+=("$name")
      pid=; read -r pid 2>/dev/null < "$hd/pid1"
      if [ -n "$pid" ] && pid_is_ours "$pid" "$state" "$name"; then
        kill -KILL "$pid" 2>/dev/null && pids+=("$pid")
      fi
      # the unshare parent (launcher) exits by itself once PID 1 is gone; wait for it too
      pid=; read -r pid 2>/dev/null < "$hd/launcher"
      if [ -n "$pid" ] && pid_is_ours "$pid" "$state" "$name"; then pids+=("$pid"); fi
    done
  fi
  tick "down: killed"
  for ((i = 0; i < 200; i++)); do            # up to 4 s for the namespaces to die
    left=0
    for pid in "${pids[@]}"; do alive "$pid" && left=1; done
    [ $left = 0 ] && break
    [ $i = 50 ] && for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    sleep 0.02
  done
  [ $left = 0 ] || { warn "some host processes did not exit: ${pids[*]}"; rc=1; }

  # 2. network: netns first (that destroys each veth pair with it), then the bridge,
  #    then any host-side veth still there (recorded names plus this lab's prefixes)
  tick "down: processes gone"
  local -a nss=()
  for name in "${names[@]}"; do nss+=("$NS_PREFIX$name"); done
  while read -r i _; do
    [[ $i == "$NS_PREFIX"* ]] && [[ " ${nss[*]-} " != *" $i "* ]] && nss+=("$i")
  done < <(ip netns list 2>/dev/null)
  for i in "${nss[@]+"${nss[@]}"}"; do
    [ -e "/run/netns/$i" ] && { ip netns del "$i" || rc=1; }
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE" || rc=1; fi
  for ((i = 0; i < 100; i++)); do             # the kernel frees dead netns asynchronously
    left=$(ip -o link show 2>/dev/null | awk -F': ' -v p="$VETH_PREFIX" '{sub(/@.*/, "", $2)} index($2, p) == 1 {print $2}')
    [ -z "$left" ] && break
    [ $i = 25 ] && for l in $left; do ip link del "$l" 2>/dev/null; done
    sleep 0.02
  done
  [ -z "$left" ] || { warn "could not remove veth(s): $left"; rc=1; }
  tick "down: network gone"

  # 3. loop devices: exactly the ones recorded, and only if still backed by our image
  for name in "${names[@]}"; do
    hd=$state/hosts/$name; img=$hd/hdd.img
    [ -e "$img" ] || continue
    for ((i = 0; i < 150; i++)); do
      # loop devices backed by this host's image: the recorded one, and any other
      left=$(losetup -nO NAME -j "$img" 2>/dev/null | tr '\n' ' ')
      left=${left% }
      [ -z "$left" ] && break
      # losetup -d on a device that is still mounted only marks it autoclear; the
      # host's mount namespace is being freed, so retry until the kernel lets go
      for loop in $left; do losetup -d "$loop" 2>/dev/null; done
      sleep 0.02
    done
    [ -z "$left" ] || { warn "could not free loop device(s) $left of $name"; rc=1; }
  done

  tick "down: loops gone"
  # 4. mounts under the state dir in this namespace (normally none: host mounts
  #    live in the hosts' private mount namespaces and died with them)
  #    and, last, the tmpfs that holds the state dir itself
  while read -r i; do
    [ "$i" = "$state" ] || [[ $i == "$state/"* ]] || continue
    umount "$i" 2>/dev/null || umount -l "$i" 2>/dev/null || { warn "could not unmount $i"; rc=1; }
  done < <(findmnt -rno TARGET 2>/dev/null | sort -r)

  tick "down: mounts gone"
  # 5. state and registry
  if [ "$(cat "$LAB_REGISTRY/net$LAB_NET" 2>/dev/null)" = "$state" ]; then
    rm -f "$LAB_REGISTRY/net$LAB_NET"
  fi
  rm -rf --one-file-system "$state" 2>/dev/null || { warn "could not remove $state"; rc=1; }
  tick "down: state gone"
  return $rc
}

# parse_state_args "$@": handles --state DIR, sets STATE; leaves others in ARGS
parse_common() {
  STATE=$LAB_DEFAULT_STATE
  ARGS=()
  while [ $# -gt 0 ]; do
    case $1 in
      --state) [ $# -ge 2 ] || die "--state needs a directory"; STATE=$2; shift 2 ;;
      --state=*) STATE=${1#--state=}; shift ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  case $STATE in /*) ;; *) STATE=$PWD/$STATE ;; esac
  STATE=${STATE%/}
  [[ $STATE =~ ^/[A-Za-z0-9._/-]+$ ]] || die "state dir must be an absolute path of [A-Za-z0-9._/-] (got '$STATE')"
}
