"""Runs started through the API and followed to their end, one after another, as a script or CI job would.

Used by bench/follow (not run alone): POST /api/runs, then GET /api/runs/ID/events?since=N&wait=20 until the run
says it finished. Prints one JSON object: the round trips (POST to the last page), the machine's CPU and the
server JVM's own CPU per run (from /proc), runs/s.
"""

import json
import sys
import time
import urllib.request


def main():
    base, token, book, warmup, count, pid = sys.argv[1:7]
    warmup, count = int(warmup), int(count)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)

    def one():
        run_id = call("POST", "/api/runs", {"runbook": book})["runId"]
        since, status = 0, None
        while True:
            page = call("GET", "/api/runs/%s/events?since=%d&wait=20" % (run_id, since))
            since = page.get("lastSeq", since)
            if page.get("finished"):
                status = page.get("status")
                break
        if status != "ok":
            raise SystemExit("run %s of %s ended %s" % (run_id, book, status))

    def machine_busy():
        fields = list(map(int, open("/proc/stat").readline().split()[1:]))
        return sum(fields) - fields[3] - fields[4]

    def server_cpu():
        fields = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime

    for _ in range(warmup):
        one()
    busy0, own0, t0 = machine_busy(), server_cpu(), time.time()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        one()
        times.append((time.perf_counter() - start) * 1000)
    elapsed = time.time() - t0
    busy, own = machine_busy() - busy0, server_cpu() - own0
    times.sort()

    def rank(p):
        return times[min(len(times) - 1, int(p * len(times)))]

    print(json.dumps({
        "runbook": book,
        "runs": count,
        "p50": rank(0.5),
        "p90": rank(0.9),
        "p99": rank(0.99),
        "max": times[-1],
        "mean": sum(times) / len(times),
        "runsPerSecond": count / elapsed,
        "machineCpuMsPerRun": busy * 10.0 / count,
        "serverCpuMsPerRun": own * 10.0 / count,
    }))


if __name__ == "__main__":
    main()
