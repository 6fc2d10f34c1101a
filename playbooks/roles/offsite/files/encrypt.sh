#!/bin/sh
# encrypt.sh TOOL ARCHIVE_DIR CLOUD_DIR HOST RECIPIENT...
# For each HOST-*.tar.gz in ARCHIVE_DIR without a copy in CLOUD_DIR, write an encrypted copy
# (TOOL age or gpg, for the public RECIPIENTs) to a temporary name, rename it, and put the
# archive's .sha256 beside it. Copies whose archive is gone from ARCHIVE_DIR are removed.
# Prints one line per copy made or removed; nothing when nothing changed.
set -u
tool=$1 src=$2 dst=$3 host=$4
shift 4
[ $# -gt 0 ] || { echo "offsite_encrypt.recipients is empty: nobody could decrypt the copies" >&2; exit 2; }
case $tool in
  age) ext=age; command -v age >/dev/null 2>&1 || { echo "age is not installed on $(hostname)" >&2; exit 2; } ;;
  gpg) ext=gpg; command -v gpg >/dev/null 2>&1 || { echo "gpg is not installed on $(hostname)" >&2; exit 2; } ;;
  *) echo "offsite_encrypt.tool must be age or gpg, not '$tool'" >&2; exit 2 ;;
esac
# the recipients become "-r R1 -r R2 ..." (both tools take -r; an age recipient may be an ssh key with spaces)
n=$# i=0
while [ $i -lt $n ]; do r=$1; shift; set -- "$@" -r "$r"; i=$((i + 1)); done
umask 077
for a in "$src/$host"-*.tar.gz; do
  [ -e "$a" ] || continue
  name=${a##*/}
  out=$dst/$name.$ext
  [ -e "$out" ] && continue
  tmp=$dst/.$name.$ext.tmp
  rm -f "$tmp"
  ok=1
  if [ "$tool" = age ]; then
    age "$@" -o "$tmp" "$a" || ok=0
  else
    gpg --batch --yes --no-tty --trust-model always "$@" --output "$tmp" --encrypt "$a" || ok=0
  fi
  if [ $ok = 0 ]; then rm -f "$tmp"; echo "can't encrypt $a with $tool" >&2; exit 1; fi
  [ -e "$a.sha256" ] && cp "$a.sha256" "$dst/$name.sha256"
  mv "$tmp" "$out" || { rm -f "$tmp"; exit 1; }
  echo "encrypted $name"
done
for c in "$dst/$host"-*.tar.gz."$ext"; do
  [ -e "$c" ] || continue
  name=${c##*/}; name=${name%."$ext"}
  [ -e "$src/$name" ] && continue
  rm -f "$c" "$dst/$name.sha256"
  echo "removed $name.$ext"
done
