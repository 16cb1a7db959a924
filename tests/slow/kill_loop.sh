#!/bin/sh
# tests/slow/kill_loop.sh - kill -9 at random moments, again and again.
# A headless kiosk runs visits back to back (answers, Done, Finish) while
# its sender posts each visit's transaction to the real FHIR engine of
# tests/servers (over HTTPS) that answers
# slowly now and then, so kills land before, inside and after Done and
# inside a send. After every kill the database is checked as the next
# start would find it:
#   PRAGMA integrity_check is ok; every completed visit has exactly its
#   outbox row and exactly one "visit-complete" audit row; no outbox or
#   audit row points at a visit that is not complete; every visit the log
#   called complete is still there;
# and each restart shows the attract screen with no answer of the visit cut
# off (it is closed unseen). At the end the FHIR engine holds every
# resource of each completed visit exactly once (its own search).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init kill_loop
runs=$(slow_n 12 200)
BIN=$ACCORD_PLAIN    # many short runs: the normal build; sanitizers run the scripts elsewhere
. tests/lib/servers.sh
trap 'servers_stop' EXIT INT TERM

# the run's shared engines (Medplum's FHIR engine over HTTPS), or our own set
servers_start "$W/servers" || { echo "not ok - the test servers start (see $W/servers/*.log)"; exit 0; }
{ cat tests/data/peg-only.conf; echo "fhir_base_url = $FHIR_URL"; echo "fhir_ca_file = $TEST_CA"; } > "$W/c.conf"

# one script: attract (nothing of a cut-off visit shows), then 30 visits (longer than any kill time)
{
	echo 'expect "Touch to start"'
	for v in $(seq 30); do
		printf 'tap "Touch to start"\ntap "English"\ntap "Start"\nexpect-not "7 — Change"\n'
		printf 'tap "7"\ntap "Next"\ntap "5"\ntap "Next"\ntap "6"\ntap "Next"\ntap "Done"\nexpect "Thank you!"\n'
		printf 'wait-sent 2\ntap "Finish"\nexpect "Touch to start"\n'
	done
} > "$W/visits.script"

db=$W/data/accord.db
q() { sqlite3 -cmd ".timeout 5000" "$db" "$1" 2>&1; }   # a lock the killed process held may take a moment to go
bad=0; killed=0; first_bad=""
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "# seed $seed (kill times are drawn from it)"
for r in $(seq "$runs"); do
	# every fourth POST is answered 0.4 s late: kills land inside sends
	[ $((r % 2)) = 0 ] && printf 'slow 0.4\n-\n-\n' > "$FHIR_DIR/faults"
	t=$(awk -v s="$seed" -v r="$r" 'BEGIN { srand(s + r); printf "%.2f", 0.3 + rand() * 3.5 }')
	timeout -s KILL "$t" "$BIN" --headless --script "$W/visits.script" --data "$W/data" --assets assets \
		--config "$W/c.conf" > /dev/null 2>> "$W/run.err"
	rc=$?
	[ $rc = 137 ] && killed=$((killed + 1))
	if [ $rc != 137 ] && [ $rc != 0 ]; then why="run $r exited $rc: $(tail -2 "$W/run.err")"; fi
	[ -f "$db" ] || continue
	ic=$(q 'pragma integrity_check')
	orphan=$(q "select count(*) from visit v where completed is not null and (select count(*) from outbox o where o.visit_uuid = v.uuid) != 1")
	stray=$(q "select count(*) from outbox o where not exists (select 1 from visit v where v.uuid = o.visit_uuid and v.completed is not null)")
	audited=$(q "select (select count(*) from visit where completed is not null) - (select count(*) from audit where action = 'visit-complete')")
	unaud=$(q "select count(*) from visit v where completed is not null and not exists (select 1 from audit a where a.action = 'visit-complete' and a.visit_code = v.code)")
	lost=0
	for code in $(sed -n 's/^accord: visit \([0-9-]*\) complete.*/\1/p' "$W/run.err" | sort -u); do
		[ "$(q "select count(*) from visit where code = '$code' and completed is not null")" -ge 1 ] || lost=$((lost + 1))
	done
	if [ "$ic" != ok ] || [ "$orphan" != 0 ] || [ "$stray" != 0 ] || [ "$audited" != 0 ] || [ "$unaud" != 0 ] || [ "$lost" != 0 ] || [ -n "${why:-}" ]; then
		bad=$((bad + 1))
		[ -z "$first_bad" ] && first_bad="run $r (kill at ${t}s): integrity=$ic orphan=$orphan stray=$stray audit-diff=$audited unaudited=$unaud lost=$lost ${why:-}"
		why=""
	fi
done
slow_ok "$bad" "$runs runs killed at random moments ($killed by kill -9): integrity, every completed visit with its outbox row and audit row, nothing lost${first_bad:+ - first: $first_bad}"

# a clean start after the last kill: nothing of a cut-off visit is kept, everything is sent once
printf 'expect "Touch to start"\nwait-sent 30\n' > "$W/final.script"
"$BIN" --headless --script "$W/final.script" --data "$W/data" --assets assets --config "$W/c.conf" > /dev/null 2> "$W/final.err"
rc=$?
done_n=$(q "select count(*) from visit where completed is not null")
open_n=$(q "select count(*) from visit where completed is null")
unsent=$(q "select count(*) from outbox where state != 'sent'")
# the engine's own search: every resource of every visit's transactions once
# (a send cut off after the engine saved is sent again; ifNoneExist keeps one)
slow_engine_once "$db"
posts=$(awk '$5 ~ /^[0-9a-f-]+\.[0-9]+$/' "$FHIR_DIR/posts.log" 2>/dev/null | wc -l)
[ $rc = 0 ] && [ "$open_n" = 0 ] && [ "$unsent" = 0 ]
slow_ok $? "after the last kill a clean start closes the cut-off visit unseen and sends everything ($done_n visits, $open_n open, $unsent unsent)"
[ "$n_tx" -ge "$done_n" ] && [ "$once" = "$n_tx" ]
slow_ok $? "the FHIR engine holds every resource of each completed visit exactly once ($once of $n_tx transactions for $done_n visits)$(grep -m1 '^not ok' "$W/counts.log" | sed 's/^not ok - / - first: /')"
echo "# figure: kill loop: $runs runs, $killed killed by kill -9, $done_n visits completed, $posts transaction POSTs for $n_tx transactions"
exit 0
