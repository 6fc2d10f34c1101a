#!/bin/sh
# retention.sh DAILY WEEKLY MONTHLY [DIR HOST]: read archive names (HOST-YYYYMMDDTHHMMSSZ.tar.gz),
# one per line, from the listing of DIR (only HOST's) or from stdin; print the ones to delete. Kept: the newest archive of each of the DAILY newest
# days, of each of the WEEKLY newest ISO weeks, of each of the MONTHLY newest months (the usual
# grandfather-father-son rotation), and always the newest archive. Names that do not carry a
# timestamp are never printed. Needs a date(1) that understands -d (GNU, BusyBox) or -j -f (BSD).
set -eu
daily=$1 weekly=$2 monthly=$3 dir=${4:-} host=${5:-}
isoweek() {  # YYYYMMDD -> YYYYWW (ISO 8601 week)
    date -u -d "$1" +%G%V 2>/dev/null || date -u -j -f %Y%m%d "$1" +%G%V
}
names() {
    if [ -n "$dir" ]; then ls -1 "$dir" | while IFS= read -r n; do case $n in "$host"-*) printf '%s\n' "$n" ;; esac; done
    else cat; fi
}
names | sort -r | while IFS= read -r name; do
    stamp=$(printf '%s\n' "$name" | sed -n 's/.*-\([0-9]\{8\}\)T[0-9]\{6\}Z\.tar\.gz$/\1/p')
    [ -n "$stamp" ] || continue
    printf '%s %s %s %s\n' "$name" "$stamp" "$(isoweek "$stamp")" "$(printf '%s' "$stamp" | cut -c1-6)"
done | awk -v d="$daily" -v w="$weekly" -v m="$monthly" '
    { keep = (NR == 1)
      if (!($2 in day) && nd < d) { day[$2] = 1; nd++; keep = 1 }
      if (!($3 in week) && nw < w) { week[$3] = 1; nw++; keep = 1 }
      if (!($4 in month) && nm < m) { month[$4] = 1; nm++; keep = 1 }
      if (!keep) print $1 }'
