#!/usr/bin/env bash
# Builds the previous release's server jar for the rolling upgrade test (docs/upgrades.md) and prints
# "<name> <commit> <jar>": the newest tag release-* reachable from HEAD that is not HEAD's own commit, or the commit
# before HEAD when there is none. Built once per commit from `git archive` (no work tree of the repository is touched),
# under payrail-server/target/previous-release/; offline first, then online.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
head=$(git rev-parse HEAD)
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  # a shallow clone has neither the tag nor the parent: fetch the history once if the remote is reachable
  git fetch -q --unshallow --tags 2>/dev/null || true
fi
previous=""
for tag in $(git tag --list 'release-*' --merged HEAD --sort=-creatordate); do
  if [ "$(git rev-parse "$tag^{commit}")" != "$head" ]; then previous=$tag; break; fi
done
if [ -z "$previous" ]; then
  previous=$(git rev-parse --verify --quiet HEAD~1) || { echo "no previous release: no release-* tag and no parent commit" >&2; exit 2; }
fi
commit=$(git rev-parse "$previous^{commit}")
out="$root/payrail-server/target/previous-release"
jar="$out/$commit.jar"
if [ ! -f "$jar" ]; then
  work="$out/src-$commit"
  rm -rf "$work" && mkdir -p "$work"
  git archive "$commit" | tar -x -C "$work"
  log="$out/$commit.build.log"
  ( cd "$work" && { ./mvnw -q -B -o package -DskipTests -pl payrail-server -am > "$log" 2>&1 \
      || ./mvnw -q -B package -DskipTests -pl payrail-server -am >> "$log" 2>&1; } ) \
    || { echo "the previous release $previous ($commit) did not build; see $log" >&2; exit 3; }
  cp "$work/payrail-server/target/payrail-server.jar" "$jar"
  rm -rf "$work"
fi
echo "$previous $commit $jar"
