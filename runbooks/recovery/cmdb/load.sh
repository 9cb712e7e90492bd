#!/bin/sh
# Loads the recovery sample's CMDB data into a server: four compute hosts (edit their addresses, users and
# credentials first) and the workloads sheet the recovery flow reads. Needs an admin's token.
#   TEJUN_SERVER=http://localhost:8080 TEJUN_TOKEN=… runbooks/recovery/cmdb/load.sh
set -eu
here=$(dirname "$0")
server=${TEJUN_SERVER:-http://localhost:8080}
post() {
  curl -fsS -H "Authorization: Bearer $TEJUN_TOKEN" -H 'Content-Type: application/json' "$server$1" -d "$2" >/dev/null
}
post /api/cmdb/sheets "$(cat "$here/workloads.sheet.json")"
for sheet in hosts workloads; do
  jq -c '.[]' "$here/$sheet.rows.json" | while read -r row; do
    post "/api/cmdb/sheets/$sheet/rows" "$row"
  done
done
echo "loaded: hosts node1..node4 (group compute) and the workloads sheet"
