#!/usr/bin/env python3
"""One person's clip searches for bench/web.sh: the searches of the paths file in turn, PER_SECOND of them
a second on one kept-alive connection, until SIGINT; then prints "searches/s p99_ms" (and fails on any
answer other than 200). Paced, unlike wrk's closed loop: a person waits between searches."""
import http.client, os, signal, sys, time

port, paths_file, session, per_second = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
paths = [line.strip() for line in open(paths_file) if line.strip()]
stop = False
def on_interrupt(*_):
    global stop
    stop = True
signal.signal(signal.SIGINT, on_interrupt)
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
latencies, bad, started, n = [], 0, time.monotonic(), 0
while not stop:
    due = started + n / per_second
    time.sleep(max(0, due - time.monotonic()))
    if stop:
        break
    begin = time.monotonic()
    connection.request("GET", paths[n % len(paths)], headers={"Cookie": "recgate_session=" + session})
    answer = connection.getresponse()
    answer.read()
    latencies.append(time.monotonic() - begin)
    bad += answer.status != 200
    n += 1
elapsed = time.monotonic() - started
if bad or not latencies:
    print(f"person: {bad} answers other than 200 of {len(latencies)}", file=sys.stderr)
    sys.exit(1)
latencies.sort()
print(f"{len(latencies) / elapsed:.1f} {latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000:.2f}")
