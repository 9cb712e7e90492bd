# The long-lived sandbox of one notebook session (see dev.tejun.kernel.exec.sandbox.Zygote): started once inside
# bubblewrap as the cell user, it forks each shell cell inside the same namespaces, so that a cell costs a fork and
# an exec rather than a namespace set-up. Run as `python3 -I -S -c LOADER`, which reads this script from stdin
# before any frame, compiled once by the same interpreter (see ZygoteScript.LOADER); standard library only.
#
# Protocol. Server -> zygote on stdin, and zygote -> server on stdout, in frames: kind (1 byte), cell id (u32),
# payload length (u32), payload. Server kinds: b'R' run (payload: items of u32 length + bytes: working folder,
# script text, shell, streams (b'merged': stdout and stderr are one pipe, so the order they were written in is
# kept exactly, all sent as b'O'; b'separate': a pipe each; b'pty': one pseudo-terminal), then KEY=VALUE
# environment entries), b'T' stop (TERM the cell's processes, KILL after the
# grace). Zygote kinds: b'Z' ready (payload: pid), b'P' started (pid), b'O' / b'E' stdout / stderr bytes,
# b'X' done (exit code, 128 + signal when killed), b'F' failed (a message). Every frame is written with one
# write of at most PIPE_BUF bytes, so frames of several writers never interleave and a writer killed midway
# cannot leave half a frame.
#
# Each cell gets a monitor: a fork of the zygote that is the child subreaper of everything the cell starts (an
# orphan comes back to it, not to the namespace's init), relays the cell's output and, when the cell's shell has
# exited or a stop arrives, ends every process left under it, as a namespace of its own per cell did. A monitor
# runs one cell at a time and, once nothing is left under it (waitpid: no child), tells the zygote it is free and
# waits for the next cell: a cell costs no fork of the zygote (a fork of a Python process and its copy-on-write
# faults were a third of a short cell's CPU). Zygote -> monitor, on a pipe of its own: frames as on stdin (b'R' a
# cell, b'T' a stop of the cell named, ignored when that cell has ended); monitor -> zygote, on one pipe shared
# by all monitors: its pid (u32) when it is free.
import errno
import fcntl
import os
import select
import _signal as signal  # the C module: `signal` imports `enum`, a third of the start
import struct
import sys
import termios
import time

PR_SET_DUMPABLE = 4
PR_SET_NAME = 15
PR_SET_CHILD_SUBREAPER = 36
HEADER = struct.Struct('>cII')
CHUNK = 4096 - HEADER.size
GRACE = 2.0
DRAIN_AFTER_KILL = 2.0
KEEP_FREE = 4  # free monitors kept for the next cells; more are ended
# A forked zygote's hold on its sandbox (see the forker part), which monitors let go of; -1 when started on its own
LIFELINE = -1
# Python ignores SIGPIPE and SIGXFSZ and handles SIGINT: a cell gets every signal's default, as from a shell
SIGNALS = [signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM, signal.SIGUSR1, signal.SIGCHLD]
PR_GET_DUMPABLE = 3


def load_libc():
    """A lookup of libc's functions, and errno, through _ctypes, the C half of ctypes: `import ctypes` defines its
    hundred classes, a fifth of the zygote's start. Through ctypes itself when _ctypes is not as this expects
    (checked on prctl)."""
    try:
        import _ctypes

        class Int(_ctypes._SimpleCData):
            _type_ = 'i'

        class Function(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
            _restype_ = Int

        class Libc:
            _handle = _ctypes.dlopen(None)

        def function(name):
            return Function((name, Libc()))
        if function('prctl')(PR_GET_DUMPABLE, 0, 0, 0, 0) in (0, 1, 2):
            return function, _ctypes.get_errno
    except (ImportError, AttributeError, TypeError, OSError):
        pass
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    return (lambda name: getattr(libc, name)), ctypes.get_errno


libc, get_errno = load_libc()
libc_prctl = libc('prctl')


def prctl(option, value):
    if libc_prctl(option, value, 0, 0, 0) != 0:
        raise OSError(get_errno(), 'prctl %d' % option)


def named(name):
    """The name ps -o comm, top and /proc/PID/comm show for this process: the forker, its zygotes and their
    monitors all carry the forker's command line, and only this tells them apart."""
    prctl(PR_SET_NAME, name)


def frame(kind, cid, payload=b''):
    data = HEADER.pack(kind, cid, len(payload)) + payload
    while data:
        data = data[os.write(1, data):]


def read_exact(fd, n):
    buf = b''
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def read_message(fd):
    """One frame (kind, cid, payload), None at the end of the stream."""
    header = read_exact(fd, HEADER.size)
    if header is None:
        return None
    kind, cid, length = HEADER.unpack(header)
    payload = read_exact(fd, length) if length else b''
    return None if payload is None else (kind, cid, payload)


def descendants(root):
    """Live processes under root (zombies left out: they are only waiting to be reaped)."""
    children = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name, 'rb') as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b')') + 2:].split(b' ', 3)
        if fields[0] in (b'Z', b'X'):
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            found.append(child)
            stack.append(child)
    return found


def signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def wakeup_pipe():
    r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(w)
    return r


def drain(fd):
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def exit_code(status):
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


class Monitor:
    def __init__(self, cid, items, requests, wake, free):
        self.cid = cid
        self.stop_requested = False
        self.requests, self.wake, self.free = requests, wake, free
        self.cwd, script, self.shell, self.streams = items[0], items[1], items[2], items[3]
        self.env = dict(entry.split(b'=', 1) for entry in items[4:])
        self.script = b'/tmp/tejun-cell-%d-%s.sh' % (cid, os.urandom(6).hex().encode())
        fd = os.open(self.script, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            view = memoryview(script)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)

    def outputs(self):
        """The cell's fd 1 and fd 2 as spawn actions, the descriptors to close after the spawn and what to relay."""
        if self.streams == b'pty':
            master, slave = os.openpty()
            os.set_inheritable(master, False)
            attrs = termios.tcgetattr(slave)
            attrs[1] &= ~termios.ONLCR  # lines end in \n as from a pipe, not \r\n
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 120, 0, 0))
            # opened by path after setsid, so that it becomes the cell's controlling terminal
            actions = [(os.POSIX_SPAWN_OPEN, 1, os.ttyname(slave), os.O_RDWR, 0), (os.POSIX_SPAWN_DUP2, 1, 2)]
            return actions, [slave], {master: b'O'}
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        if self.streams == b'separate':
            err_r, err_w = os.pipe2(os.O_CLOEXEC)
            return [(os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)], [out_w, err_w], \
                {out_r: b'O', err_r: b'E'}
        return [(os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, out_w, 2)], [out_w], {out_r: b'O'}

    def run(self):
        actions, spent, streams = self.outputs()
        os.chdir(self.cwd)  # the monitor's own folder is the cell's: posix_spawn has no chdir of its own
        try:
            # posix_spawn (vfork and exec) rather than fork: the monitor is a Python process, the cell waits less.
            # Every descriptor of ours is close-on-exec but 0, 1, 2, which the actions replace.
            pid = os.posix_spawn(self.shell, [self.shell, self.script], self.env, setsid=True,
                                 setsigdef=SIGNALS, setsigmask=[],
                                 file_actions=[(os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0)] + actions)
        except OSError as e:
            for fd in streams:
                os.close(fd)
            self.unlink_script()
            self.free()
            frame(b'F', self.cid, b'cannot start ' + self.shell + b': ' + str(e).encode('utf-8', 'replace')[:1000])
            return
        finally:
            for fd in spent:
                os.close(fd)
        frame(b'P', self.cid, str(pid).encode())
        code = self.relay(pid, streams)
        self.free()  # before the end is reported, so that the next cell finds this monitor free
        frame(b'X', self.cid, str(code).encode())

    def unlink_script(self):
        try:
            os.unlink(self.script)
        except OSError:
            pass

    def read_request(self):
        """A frame from the zygote while the cell runs: a stop of this cell; False once the zygote has ended."""
        message = read_message(self.requests)
        if message is None:
            return False
        if message[0] == b'T' and message[1] == self.cid:
            self.stop_requested = True
        return True

    def relay(self, pid, streams):
        """Relays output until the shell has exited and its streams are closed; returns its exit code."""
        wake = self.wake
        requests = self.requests
        me = os.getpid()
        status = None
        alive = True         # whether any process is left under the monitor (every orphan of the cell comes here)
        kill_at = None       # when whatever is left of the cell gets SIGKILL
        give_up_at = None    # when output still held open after the kill is no longer waited for
        while True:
            now = time.monotonic()
            if self.stop_requested and kill_at is None:
                try:
                    os.killpg(pid, signal.SIGTERM)
                except OSError:
                    pass
                signal_all(descendants(me), signal.SIGTERM)
                kill_at = now + GRACE
            if status is not None and kill_at is None:
                kill_at = now  # a namespace of its own would have ended with the shell
            if status is not None and not streams and not alive:
                break
            if kill_at is not None and now >= kill_at:
                if alive:
                    # once waitpid says the monitor has no child left, nothing is under it (every orphan of the
                    # cell comes here): no /proc scan then, which costs more than the rest of a short cell
                    signal_all(descendants(me), signal.SIGKILL)
                if give_up_at is None:
                    give_up_at = now + DRAIN_AFTER_KILL
            if give_up_at is not None and now >= give_up_at and streams:
                for fd in streams:
                    os.close(fd)
                streams = {}
            timeouts = [t - now for t in (kill_at, give_up_at) if t is not None and t > now]
            if self.stop_requested or kill_at is not None and now >= kill_at:
                timeouts.append(0.02)  # watch for processes forked after the signal, and for the killed to go
            try:
                watched = list(streams) + [wake] + ([requests] if requests is not None else [])
                ready = select.select(watched, [], [], min(timeouts) if timeouts else None)[0]
            except InterruptedError:
                ready = []
            for fd in ready:
                if fd == wake:
                    drain(wake)
                    continue
                if fd == requests:
                    if not self.read_request():
                        requests = None  # the zygote has ended (it kills what is left under it)
                    continue
                try:
                    data = os.read(fd, CHUNK)
                except OSError as e:
                    if e.errno != errno.EIO:
                        raise
                    data = b''  # a pseudo-terminal whose every process has gone
                if data:
                    frame(streams[fd], self.cid, data)
                else:
                    os.close(fd)
                    del streams[fd]
            while True:
                try:
                    child, st = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    alive = False
                    break
                if child == 0:
                    break
                if child == pid:
                    status = st
        self.unlink_script()
        return exit_code(status)


class Pool:
    """The zygote's monitors: those running a cell (pid -> cell id), the free ones, and the pipe to each."""

    def __init__(self, free_r, free_w, closed_in_monitor):
        self.running = {}
        self.free = []
        self.pipes = {}
        self.free_r, self.free_w = free_r, free_w
        self.closed_in_monitor = closed_in_monitor

    def fork(self):
        """A monitor, waiting for cells on a pipe; its pid."""
        r, w = os.pipe2(os.O_CLOEXEC)
        pid = os.fork()
        if pid:
            os.close(r)
            self.pipes[pid] = w
            return pid
        try:
            os.close(w)
            named(b'tejun-monitor')
            for fd in list(self.pipes.values()) + self.closed_in_monitor:
                os.close(fd)  # the other monitors' pipes, so that each sees its end when the zygote closes it
            serve(r, self.free_w)
        finally:
            os._exit(1)  # never back into the zygote's loop

    def start(self, cid, payload):
        """Hands the cell to a free monitor (a fresh one if there is none or it has gone)."""
        message = HEADER.pack(b'R', cid, len(payload)) + payload
        forked = 0
        while self.free or forked < 2:
            if self.free:
                pid = self.free.pop()
            else:
                pid = self.fork()
                forked += 1
            try:
                write_all(self.pipes[pid], message)
                self.running[pid] = cid
                return
            except OSError:
                self.forget(pid)  # killed from inside an earlier cell
        frame(b'F', cid, b'no monitor could be started for the cell')

    def stop(self, cid):
        for pid, c in self.running.items():
            if c == cid:
                try:
                    write_all(self.pipes[pid], HEADER.pack(b'T', cid, 0))
                except OSError:
                    pass  # it has ended: reap reports the cell

    def read_free(self):
        """Takes the monitors that said they are free; keeps a few, ends the others."""
        try:
            data = os.read(self.free_r, 4096)
        except BlockingIOError:
            return
        for (pid,) in struct.iter_unpack('>I', data):
            if self.running.pop(pid, None) is not None:
                if len(self.free) < KEEP_FREE:
                    self.free.append(pid)
                else:
                    self.forget(pid)  # the end of its pipe ends it

    def forget(self, pid):
        self.running.pop(pid, None)
        if pid in self.free:
            self.free.remove(pid)
        w = self.pipes.pop(pid, None)
        if w is not None:
            os.close(w)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def serve(r, free_w):
    """A monitor's life: runs the cells the zygote hands it, one at a time, until the zygote closes its pipe."""
    code, cid = 0, 0
    try:
        null = os.open('/dev/null', os.O_RDONLY)
        os.dup2(null, 0)  # the control channel is the zygote's alone
        os.close(null)
        if LIFELINE >= 0:
            os.close(LIFELINE)  # the sandbox ends with the zygote, not with its last monitor
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        wake = wakeup_pipe()
        me = struct.pack('>I', os.getpid())

        def free():
            os.write(free_w, me)
        while True:
            message = read_message(r)
            if message is None:
                break  # the zygote ended or does not need us
            kind, cid, payload = message
            if kind != b'R':
                continue  # a stop of a cell that has ended
            Monitor(cid, parse_items(payload), r, wake, free).run()
            cid = 0
    except BaseException as e:
        try:
            frame(b'F', cid, ('the cell could not be started: %r' % e).encode('utf-8', 'replace')[:1000])
        except OSError:
            code = 1  # unreported: the zygote reports it
    os._exit(code)


def parse_items(payload):
    items, at = [], 0
    while at < len(payload):
        (n,) = struct.unpack_from('>I', payload, at)
        items.append(payload[at + 4:at + 4 + n])
        at += 4 + n
    return items


def reap(pool):
    """Reaps ended monitors; a cell whose monitor was killed is reported, and what it left is killed."""
    me = os.getpid()
    lost = False
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        cid = pool.running.get(pid)
        pool.forget(pid)
        if cid is not None and status != 0:
            # killed from inside the cell (same user): its processes came to us; nothing else reports the cell
            frame(b'F', cid, b'the cell\'s monitor ended (%d)' % exit_code(status))
            lost = True
    if lost:
        # A process forked by one being killed is not listed yet and would outlive one pass: kill until nothing is
        # left (a killed process forks no more; the dying drop out of the list once they are zombies).
        for _ in range(200):
            keep = set(pool.pipes)
            for m in pool.running:
                keep.update(descendants(m))
            left = [p for p in descendants(me) if p not in keep]
            if not left:
                break
            signal_all(left, signal.SIGKILL)
            time.sleep(0.001)


def frames(wake, others, woke):
    """The frames on stdin until it ends; between them, after any signal (on the wakeup pipe wake) or when
    one of others is readable, woke with the readable ones."""
    while True:
        try:
            ready = select.select([0, wake] + others, [], [])[0]
        except InterruptedError:
            ready = []
        if wake in ready:
            drain(wake)
        woke(ready)
        if 0 in ready:
            message = read_message(0)
            if message is None:
                return
            yield message


def main():
    named(b'tejun-zygote')
    prctl(PR_SET_DUMPABLE, 0)  # a cell runs as the same user: it must not open our /proc fds nor ptrace us
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])  # a stray SIGUSR1 from a cell ends no monitor
    wake = wakeup_pipe()
    free_r, free_w = os.pipe2(os.O_CLOEXEC)
    os.set_blocking(free_r, False)
    pool = Pool(free_r, free_w, [wake, free_r])
    pool.free.append(pool.fork())
    frame(b'Z', 0, str(os.getpid()).encode())

    def woke(ready):
        if free_r in ready:
            pool.read_free()
        reap(pool)
    for kind, cid, payload in frames(wake, [free_r], woke):
        if kind == b'R':
            pool.start(cid, payload)
        elif kind == b'T':
            pool.stop(cid)
    for pid in list(pool.pipes):
        pool.forget(pid)
    signal_all(descendants(os.getpid()), signal.SIGKILL)



# The forker (`python3 -I -S -c LOADER forker`, see dev.tejun.kernel.exec.sandbox.ZygoteForker): one process per
# server, outside every sandbox, as the server's user, with this script loaded once. For each session the server
# has bubblewrap set a sandbox up around a holder process (namespaces, mounts), then asks the forker for a zygote in
# it: a child joins the sandbox's user (if it has its own), IPC, PID and mount namespaces and forks the zygote into
# the PID namespace; the zygote drops to the cell user with no capabilities and no-new-privs (as setpriv and
# bubblewrap do, then checks it has none) and serves as main() does. A zygote so costs a fork, not a Python start.
# The holder reads its stdin, whose last writer is then the zygote (LIFELINE: the server closes its own end, and
# monitors theirs): when the zygote ends, killed or not, the holder reads the end and exits, and the kernel kills
# every process of the sandbox with the first, as when the zygote was bubblewrap's command.
# Frames as the zygote's. Server -> forker: b'S' start (payload: items: the holder's pid (the bubblewrap process the
# server started), the work folder, the FIFO the zygote reads, the FIFO it writes (both made here), uid and gid
# (empty: unchanged), then KEY=VALUE environment entries). Forker -> server: b'Z' cid 0 once ready; for each start
# b'Z' (the zygote is in the sandbox and serves) or b'F' (a message: why not).
CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
CAPABILITY_V3 = 0x20080522
NAMESPACES = [('user', CLONE_NEWUSER), ('ipc', CLONE_NEWIPC), ('pid', CLONE_NEWPID), ('mnt', CLONE_NEWNS)]


def checked(result, what):
    if result != 0:
        code = get_errno()
        raise OSError(code, '%s: %s' % (what, os.strerror(code)))


def join_sandbox(holder, server, fifo_in, fifo_out):
    """In a child of the forker: opens the zygote's channel, then joins the namespaces of the holder's sandbox
    (those of bubblewrap's first process in it, the holder's parent). The holder must be a child of the server, as
    the forker is: a pid the server named, reused by another process since, is refused."""
    with open('/proc/%d/stat' % holder) as f:
        parent = int(f.read().rpartition(')')[2].split()[1])
    if parent != server:
        raise OSError('process %d is not the server\'s (its parent is %d)' % (holder, parent))
    with open('/proc/%d/task/%d/children' % (holder, holder)) as f:
        inits = f.read().split()
    if len(inits) != 1:
        raise OSError('the sandbox of process %d has %d first processes, not one' % (holder, len(inits)))
    spaces = []
    for name, kind in NAMESPACES:
        fd = os.open('/proc/%s/ns/%s' % (inits[0], name), os.O_RDONLY | os.O_CLOEXEC)
        if os.fstat(fd).st_ino != os.stat('/proc/self/ns/' + name).st_ino:
            spaces.append((fd, kind, name))
        elif name == 'user':
            os.close(fd)  # bubblewrap as root makes no user namespace
        else:
            raise OSError('the sandbox of process %d shares the server\'s %s namespace' % (holder, name))
    zin = os.open(fifo_in, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    os.set_blocking(zin, True)
    zout = os.open(fifo_out, os.O_RDWR | os.O_CLOEXEC)  # read-write: open does not wait for the server's reader
    zerr = os.open('/proc/%d/fd/2' % holder, os.O_WRONLY | os.O_CLOEXEC)  # where bubblewrap's errors go
    lifeline = os.open('/proc/%d/fd/0' % holder, os.O_WRONLY | os.O_CLOEXEC)  # the holder's stdin
    setns = libc('setns')
    for fd, kind, name in spaces:
        checked(setns(fd, kind), 'joining the sandbox\'s %s namespace' % name)
        os.close(fd)
    return zin, zout, zerr, lifeline


def proc_status():
    with open('/proc/self/status') as f:
        return dict((k, v.split()) for k, _, v in (line.partition(':') for line in f.read().splitlines()))


def drop_privileges(uid, gid):
    """What setpriv --reuid --regid --clear-groups --no-new-privs --inh-caps=-all and bubblewrap's dropped
    capabilities do, checked in /proc afterwards."""
    with open('/proc/sys/kernel/cap_last_cap') as f:
        last = int(f.read())
    for cap in range(last + 1):
        checked(libc_prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), 'dropping capability %d' % cap)
    checked(libc_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), 'clearing the ambient capabilities')
    if uid is not None:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    checked(libc('capset')(struct.pack('=Ii', CAPABILITY_V3, 0), bytes(24)), 'dropping the capabilities')
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    status = proc_status()
    left = [k for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb') if int(status[k][0], 16)]
    if uid is not None and (status['Uid'] != [str(uid)] * 4 or status['Gid'] != [str(gid)] * 4 or status['Groups']):
        left.append('Uid %s Gid %s Groups %s' % (status['Uid'], status['Gid'], status['Groups']))
    if left or status['NoNewPrivs'] != ['1']:
        raise OSError('the zygote kept privileges: %s, NoNewPrivs %s' % (left, status['NoNewPrivs']))


def become_zygote(channel, report, work, uid, gid, env):
    """The zygote, forked into the sandbox's PID namespace: takes its channel as fds 0-2 and its lifeline as 3,
    closes everything else of the forker, drops its privileges and serves. Never returns."""
    global LIFELINE
    code = 1
    try:
        signal.set_wakeup_fd(-1)  # the forker's, closed below
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # above every target first: a source may be numbered as a target that comes before it
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 16) for fd in channel + (report,)]
        for fd, target in zip(high, (0, 1, 2, 3, 4)):
            os.dup2(fd, target, inheritable=target < 3)
        report, LIFELINE = 4, 3
        os.closerange(5, 1 << 20)
        os.setsid()
        drop_privileges(uid, gid)
        os.chdir(work)
        os.environb.clear()
        os.environb.update(entry.split(b'=', 1) for entry in env)
        os.close(report)
        report = -1
        main()
        code = 0
    except BaseException as e:
        message = ('the sandbox process could not start: %s' % e).encode('utf-8', 'replace')[:1000]
        try:
            os.write(report if report >= 0 else 2, message)
        except OSError:
            pass
    os._exit(code)


def start_zygote(cid, items):
    holder, work, fifo_in, fifo_out = int(items[0]), items[1], items[2], items[3]
    uid, gid = (int(items[4]), int(items[5])) if items[4] else (None, None)
    os.mkfifo(fifo_in, 0o600)
    os.mkfifo(fifo_out, 0o600)
    report_r, report_w = os.pipe2(os.O_CLOEXEC)
    server = os.getppid()
    child = os.fork()
    if child == 0:
        code = 1
        try:
            os.close(report_r)
            channel = join_sandbox(holder, server, fifo_in, fifo_out)
            if os.fork() == 0:
                become_zygote(channel, report_w, work, uid, gid, items[6:])
            code = 0
        except BaseException as e:
            try:
                os.write(report_w, str(e).encode('utf-8', 'replace')[:1000] or b'?')
            except OSError:
                pass
        os._exit(code)
    os.close(report_w)
    why = b''
    while True:  # until the zygote serves (it closes its end) or this fails
        chunk = os.read(report_r, 1000)
        if not chunk:
            break
        why += chunk
    os.close(report_r)
    status = os.waitpid(child, 0)[1]
    if not why and status != 0:
        why = b'its first process exited %d' % exit_code(status)
    frame(b'F' if why else b'Z', cid, why)


def reap_all():
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                return
        except ChildProcessError:
            return


def forker():
    named(b'tejun-forker')
    prctl(PR_SET_CHILD_SUBREAPER, 1)  # each zygote, orphaned when its first parent ends, is reaped here
    signal.signal(signal.SIGCHLD, lambda *_: None)
    wake = wakeup_pipe()
    frame(b'Z', 0, str(os.getpid()).encode())
    for kind, cid, payload in frames(wake, [], lambda ready: reap_all()):
        if kind == b'S':
            try:
                start_zygote(cid, parse_items(payload))
            except Exception as e:
                frame(b'F', cid, ('%s' % e).encode('utf-8', 'replace')[:1000])


if __name__ == '__main__':  # not when a test loads the functions above
    forker() if sys.argv[1:] == ['forker'] else main()
