#!/bin/sh
# tests/servers/make_certs.sh DIR - a throw-away test CA and a server
# certificate for 127.0.0.1 signed by it, plus a "rogue" CA and certificate
# the kiosk must refuse. Made at test time, never committed.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
[ -f server.pem ] && [ -f rogue.pem ] && exit 0
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >san.ext
for who in ca rogue-ca; do
	openssl req -x509 $ec -keyout $who.key -out $who.pem -days 2 -subj "/CN=Accord test $who" 2>/dev/null
done
for who in server rogue; do
	ca=ca; [ $who = rogue ] && ca=rogue-ca
	openssl req $ec -keyout $who.key -out $who.csr -subj "/CN=127.0.0.1" 2>/dev/null
	openssl x509 -req -in $who.csr -CA $ca.pem -CAkey $ca.key -CAcreateserial -out $who.pem -days 2 -extfile san.ext 2>/dev/null
done
