#!/usr/bin/env bash
# Makes the release archive tejun-VERSION.tar.gz from a finished build (server/target: the server jar and its
# libraries): bin/tejun, lib/, samples/, systemd/tejun.service, tejun.yaml.example, README-INSTALL.md.
#   packaging/make-dist.sh REPO-ROOT OUTPUT-DIR      prints the archive's path
set -euo pipefail
root="$(cd "$1" && pwd)"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
jar="$(ls "$root"/server/target/tejun-server-*.jar 2>/dev/null | grep -v -e '-tests.jar$' -e '-sources.jar$' | head -1)"
[ -n "$jar" ] && [ -d "$root/server/target/lib" ] || { echo "make-dist: build first (server/target has no jar)" >&2; exit 2; }
version="$(basename "$jar" .jar)"
version="${version#tejun-server-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/tejun-$version"
mkdir -p "$stage/bin" "$stage/lib" "$stage/samples" "$stage/systemd"
install -m 755 "$root/packaging/bin/tejun" "$stage/bin/tejun"
install -m 644 "$root/packaging/bin/jvm-memory.sh" "$stage/bin/jvm-memory.sh"
cp "$jar" "$root"/server/target/lib/*.jar "$stage/lib/"
(cd "$root/runbooks" && tar --exclude=.tejun -cf - .) | (cd "$stage/samples" && tar -xf -)
cp "$root/packaging/tejun.service" "$stage/systemd/"
cp "$root/packaging/tejun.yaml" "$stage/tejun.yaml.example"
cp "$root/packaging/INSTALL.md" "$stage/README-INSTALL.md"
tar -C "$work" -czf "$out/tejun-$version.tar.gz" "tejun-$version"
echo "$out/tejun-$version.tar.gz"
