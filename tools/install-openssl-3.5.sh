#!/usr/bin/env bash
# Installs OpenSSL 3.5 beside the system's OpenSSL, for the tests that verify ML-DSA (FIPS 204) and SM2 signatures:
# Debian 12's OpenSSL 3.0 knows neither. It takes Debian 13's openssl, libssl3t64 and the C library they need
# (libc6, zlib1g, libzstd1) with apt-get download from deb.debian.org, unpacks them under DEST/root (dpkg -x: nothing
# is installed into the system, apt's own lists and sources are not touched), and writes DEST/bin/openssl, a wrapper
# that starts the binary with Debian 13's dynamic loader and libraries.
# Usage: tools/install-openssl-3.5.sh [DEST=/opt/citadel-tools/openssl-3.5]     (amd64 only; needs root for /opt)
set -euo pipefail
DEST=${1:-/opt/citadel-tools/openssl-3.5}
SUITE=trixie
if [ -x "$DEST/bin/openssl" ] && "$DEST/bin/openssl" version 2>/dev/null | grep -q '^OpenSSL 3\.[5-9]'; then
  exit 0
fi
[ "$(dpkg --print-architecture)" = amd64 ] || { echo "install-openssl-3.5: amd64 only" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs"
echo "deb [arch=amd64] http://deb.debian.org/debian $SUITE main" > "$WORK/sources.list"
APT=(-o "Dir::Etc::sourcelist=$WORK/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$WORK/lists"
     -o "Dir::Cache=$WORK/cache" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
apt-get "${APT[@]}" -qq update
(cd "$WORK/debs" && apt-get "${APT[@]}" -qq download openssl libssl3t64 libc6 zlib1g libzstd1)

rm -rf "$DEST.new"
mkdir -p "$DEST.new/root" "$DEST.new/bin"
for deb in "$WORK"/debs/*.deb; do dpkg -x "$deb" "$DEST.new/root"; done
cat > "$DEST.new/bin/openssl" <<EOF
#!/bin/sh
# OpenSSL 3.5 from Debian $SUITE, run with that release's loader and libraries (tools/install-openssl-3.5.sh).
R="$DEST/root"
export OPENSSL_CONF="\$R/etc/ssl/openssl.cnf" OPENSSL_MODULES="\$R/usr/lib/x86_64-linux-gnu/ossl-modules"
exec "\$R/usr/lib64/ld-linux-x86-64.so.2" --library-path "\$R/usr/lib/x86_64-linux-gnu" "\$R/usr/bin/openssl" "\$@"
EOF
chmod 0755 "$DEST.new/bin/openssl"
rm -rf "$DEST"
mv "$DEST.new" "$DEST"
"$DEST/bin/openssl" version
