# bench/lib.sh: helpers shared by the bench/ scripts (source it; needs bash 5 for EPOCHREALTIME).
# Timing, statistics over repetitions, the bench-only ansible.cfg and the machine line.

# bench_time CMD...: run CMD with its output discarded; print its wall-clock seconds. On failure
# print nothing on stdout, name the command on stderr and return 1, so one failed repetition is
# visible and never counted as a time.
bench_time() {
    local s e rc
    s=$EPOCHREALTIME
    "$@" >/dev/null 2>&1; rc=$?
    e=$EPOCHREALTIME
    if [ $rc -ne 0 ]; then echo "bench: FAILED (exit $rc): $*" >&2; return 1; fi
    echo "$e - $s" | bc | sed 's/^\./0./'
}

# bench_stats "T1 T2 ...": print "min median max" (3 decimals); "n/a n/a n/a" for an empty list.
bench_stats() {
    echo "$1" | tr ' ' '\n' | grep . | sort -n |
        awk '{a[NR]=$1} END {if (NR == 0) {print "n/a n/a n/a"; exit}
             m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
             printf "%.3f %.3f %.3f\n", a[1], m, a[NR]}'
}

# bench_ratio A B: A / B with 3 decimals, or n/a when either is missing or B is zero.
bench_ratio() {
    case "$1$2" in *n/a*|"") echo n/a; return;; esac
    awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.3f\n", a / b}'
}

# bench_json_list "T1 T2 ...": a JSON array of the numbers.
bench_json_list() { echo "[$(echo $1 | tr ' ' ',')]"; }

# bench_ansible_cfg DIR: write DIR/ansible.cfg for the comparison runs (pipelining on, facts off,
# host key checking off, ControlPersist left at its default) and print its path. The ControlMaster
# sockets go to DIR, so a run never shares them with anything else on the machine.
bench_ansible_cfg() {
    cat > "$1/ansible.cfg" <<CFG
[defaults]
host_key_checking = False
gathering = explicit
retry_files_enabled = False
[ssh_connection]
pipelining = True
control_path_dir = $1/cp
CFG
    echo "$1/ansible.cfg"
}

# bench_machine: one line naming the machine and the versions that the numbers depend on.
bench_machine() {
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(free -g | awk '/Mem/{print $2}') GiB RAM, $(uname -sr); $(java -version 2>&1 | head -1); $(ansible-playbook --version 2>/dev/null | sed -n 1p); $(ssh -V 2>&1); $(rsync --version | sed -n 1p | sed 's/  */ /g')"
}
