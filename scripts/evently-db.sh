#!/usr/bin/env bash
# Backs up and restores Evently's databases: the directory and every shard database the directory registers
# (shard_databases, so a database added at run time is included), one pg_dump custom-format file each, plus a
# manifest saying which file is which database. See docs/operations.md (Backup and restore).
#
#   scripts/evently-db.sh backup  FOLDER [--connection CS] [--database NAME]
#   scripts/evently-db.sh restore FOLDER [--connection CS] [--force]
#
# CS is the directory's connection string in the form Evently takes (Host=…;Port=…;Username=…;Password=…[;Database=…]);
# without --connection, $ConnectionStrings__Directory, else the embedded quick start's connection.txt under .data/ of
# the repository or of src/Evently.Api. The directory database is --database, else the connection's Database unless
# that is postgres, else evently_directory. Restore drops and recreates each database of the manifest (it refuses to
# start while any of them has connections unless --force is given: stop the front ends and silos first).
# Works from any folder and as root: it only talks to PostgreSQL over TCP with the connection's role and password.
set -euo pipefail

usage() {
  sed -n '6,7p' "$0" | sed 's/^# *//' >&2
  exit 2
}

die() {
  echo "evently-db: $*" >&2
  exit 1
}

[[ $# -ge 2 ]] || usage
verb=$1
folder=$2
shift 2
connection=${ConnectionStrings__Directory:-}
database=
force=
while [[ $# -gt 0 ]]; do
  case $1 in
    --connection) connection=${2:?--connection needs a value}; shift 2 ;;
    --database) database=${2:?--database needs a value}; shift 2 ;;
    --force) force=1; shift ;;
    *) usage ;;
  esac
done
[[ $verb == backup || $verb == restore ]] || usage

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z $connection ]]; then
  file=$(ls -t "$repo"/.data/postgres/connection.txt "$repo"/.data/connection.txt \
    "$repo"/src/Evently.Api/.data/postgres/connection.txt "$repo"/src/Evently.Api/.data/connection.txt 2>/dev/null | head -n 1 || true)
  [[ -n $file ]] || die "no connection: pass --connection, set ConnectionStrings__Directory, or start the embedded quick start once"
  connection=$(<"$file")
fi

# The connection string's keys, as Npgsql spells them, into libpq's environment (the password never on a command line).
export PGHOST=127.0.0.1 PGPORT=5432 PGCONNECT_TIMEOUT=10
unset PGDATABASE PGSERVICE
connection_database=
IFS=';' read -r -a pairs <<<"$connection"
for pair in "${pairs[@]}"; do
  [[ $pair == *=* ]] || continue
  key=$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
  value=${pair#*=}
  case $key in
    host|server) export PGHOST=$value ;;
    port) export PGPORT=$value ;;
    username|userid|user) export PGUSER=$value ;;
    password) export PGPASSWORD=$value ;;
    database) connection_database=$value ;;
    sslmode) export PGSSLMODE=$(echo "$value" | tr '[:upper:]' '[:lower:]') ;;
  esac
done
if [[ -z $database ]]; then
  database=$connection_database
  [[ -n $database && $database != postgres ]] || database=evently_directory
fi

# The client tools of the newest server installed (pg_dump must not be older than the server), else those on PATH.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
tool() {
  if [[ -n $bin && -x $bin/$1 ]]; then echo "$bin/$1"; else command -v "$1" || die "$1 not found (install the PostgreSQL client tools)"; fi
}
psql=$(tool psql)
pg_dump=$(tool pg_dump)
pg_restore=$(tool pg_restore)

# Runs psql against a database (at HOST PORT, or the directory's server when they are empty).
query() {
  local db=$1 host=${2:-$PGHOST} port=${3:-$PGPORT}
  shift 3
  "$psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$host" -p "$port" -d "$db" "$@"
}

mkdir -p "$folder"
folder=$(cd "$folder" && pwd)
manifest=$folder/manifest

if [[ $verb == backup ]]; then
  # kind|ordinal|host|port|database: the directory first, then the shards it registers (no host: the directory's server).
  {
    printf 'directory|-|||%s\n' "$database"
    query "$database" "" "" -F '|' -c \
      "SELECT 'shard', ordinal, coalesce(host, ''), coalesce(port::text, ''), database_name FROM shard_databases ORDER BY ordinal"
  } >"$manifest.new"
  while IFS='|' read -r -u 3 kind ordinal host port db; do
    file=$folder/$kind-$ordinal.dump
    [[ $kind == directory ]] && file=$folder/directory.dump
    "$pg_dump" -Fc -h "${host:-$PGHOST}" -p "${port:-$PGPORT}" -d "$db" -f "$file.new"
    mv "$file.new" "$file"
    echo "backed up $db -> $file"
  done 3<"$manifest.new"
  mv "$manifest.new" "$manifest"
  echo "backup complete: $folder"
  exit 0
fi

[[ -f $manifest ]] || die "no manifest in $folder (not a backup made by this script)"
while IFS='|' read -r -u 3 kind ordinal host port db; do
  file=$folder/$kind-$ordinal.dump
  [[ $kind == directory ]] && file=$folder/directory.dump
  [[ -f $file ]] || die "$file is missing: restore every database from the same backup or none"
done 3<"$manifest"

while IFS='|' read -r -u 3 kind ordinal host port db; do
  file=$folder/$kind-$ordinal.dump
  [[ $kind == directory ]] && file=$folder/directory.dump
  h=${host:-$PGHOST}
  p=${port:-$PGPORT}
  literal=${db//\'/\'\'}
  users=$(query postgres "$h" "$p" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$literal'")
  if [[ $users != 0 && -z $force ]]; then
    die "$db has $users connection(s): stop the front ends and silos first (or pass --force to end them)"
  fi

  quoted=\"${db//\"/\"\"}\"
  query postgres "$h" "$p" -c "DROP DATABASE IF EXISTS $quoted WITH (FORCE)"
  query postgres "$h" "$p" -c "CREATE DATABASE $quoted"
  "$pg_restore" --no-owner --exit-on-error -h "$h" -p "$p" -d "$db" "$file"
  echo "restored $db <- $file"
done 3<"$manifest"
echo "restore complete: start the silos and front ends"
