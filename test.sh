#!/usr/bin/env bash
# The test command (README): everything the suite needs beyond JDK 17 and Maven, then `mvn -B verify`.
# The HTML report test opens report.html in a real headless browser (Debian's chromium); on a machine
# without it, this installs it (apt, as root) first, and says so. Extra arguments go to Maven
# (e.g. ./test.sh -Pstress).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium (Debian package) for the HTML report test..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: the HTML report test needs Chromium; install it (apt-get install chromium) or run as root" \
      "so this script can" >&2
    exit 2
  fi
fi
exec mvn -B verify "$@"
