#!/usr/bin/python3
"""The Jupyter side of bench/run: one ipykernel started by jupyter_client's KernelManager, driven the way a
notebook front end drives it (execute_request on shell, outputs and busy/idle on iopub), with no Jupyter server in
between (so no iopub_data_rate_limit: that lives in jupyter_server, not in the kernel).

Reads one JSON command per line on stdin, answers one JSON line on stdout:
  {"op": "rt", "code": "1+1", "n": 50}            -> {"ms": [..]}  execute sent -> reply and idle both received
                                                     ({i} in code: a number new at every execute)
  {"op": "flood", "code": "...", "timeout": 600}  -> time to idle, stream bytes received, kernel RSS peak
  {"op": "rss"}                                   -> {"rss_kb": .., "hwm_kb": ..} of the kernel process
  {"op": "quit"}
A round trip ends when both the shell's execute_reply and iopub's status idle for that request have arrived, which
is what Tejun's cell-finished means (the cell ran and every output before it was delivered).
"""
import json
import sys
import threading
import time

from jupyter_client.manager import KernelManager


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


class Driver:
    def __init__(self):
        self.counter = 0
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.pid = self.km.provisioner.pid if hasattr(self.km, "provisioner") else self.km.kernel.pid

    def execute(self, code, timeout=60.0, on_iopub=None):
        """Runs code; returns (ms, status of the reply). Drains iopub until idle of this request."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code, store_history=False)
        reply_status = None
        idle = False
        deadline = time.monotonic() + timeout
        while reply_status is None or not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no idle within {timeout}s")
            if not idle:
                try:
                    msg = self.kc.get_iopub_msg(timeout=timeout)
                except Exception:
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                elif on_iopub is not None:
                    on_iopub(msg)
            else:
                msg = self.kc.get_shell_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply_status = msg["content"]["status"]
        return (time.perf_counter() - t0) * 1000.0, reply_status

    def rt(self, code, n):
        """{i} in code becomes a number new at every execute, so no two runs send the same text."""
        times = []
        for _ in range(n):
            self.counter += 1
            ms, status = self.execute(code.replace("{i}", str(self.counter)))
            if status != "ok":
                raise RuntimeError(f"{code!r} answered {status}")
            times.append(ms)
        return {"ms": times}

    def flood(self, code, timeout):
        counts = {"bytes": 0, "messages": 0}
        peak = {"rss_kb": status_kb(self.pid, "VmRSS")}
        before = peak["rss_kb"]
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    peak["rss_kb"] = max(peak["rss_kb"], status_kb(self.pid, "VmRSS"))
                except OSError:
                    return
                done.wait(0.1)

        def on_iopub(msg):
            if msg["msg_type"] == "stream":
                # `!cmd` runs under a pty, which turns every \n into \r\n; count what the command wrote.
                counts["bytes"] += len(msg["content"]["text"].replace("\r\n", "\n").encode("utf-8"))
                counts["messages"] += 1

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            ms, status = self.execute(code, timeout=timeout, on_iopub=on_iopub)
            finished = True
        except TimeoutError:
            self.km.interrupt_kernel()
            ms, status, finished = timeout * 1000.0, "timeout", False
        done.set()
        sampler.join()
        return {"ms": ms, "status": status, "finished": finished, "stream_bytes": counts["bytes"],
                "stream_messages": counts["messages"], "kernel_rss_before_kb": before,
                "kernel_rss_peak_kb": peak["rss_kb"], "kernel_hwm_kb": status_kb(self.pid, "VmHWM")}

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def main():
    d = Driver()
    print(json.dumps({"ready": True, "pid": d.pid}), flush=True)
    try:
        for line in sys.stdin:
            cmd = json.loads(line)
            op = cmd["op"]
            if op == "rt":
                out = d.rt(cmd["code"], cmd["n"])
            elif op == "flood":
                out = d.flood(cmd["code"], cmd.get("timeout", 600))
            elif op == "rss":
                out = {"rss_kb": status_kb(d.pid, "VmRSS"), "hwm_kb": status_kb(d.pid, "VmHWM")}
            elif op == "quit":
                break
            else:
                out = {"error": "unknown op " + op}
            print(json.dumps(out), flush=True)
    finally:
        d.close()


if __name__ == "__main__":
    main()
