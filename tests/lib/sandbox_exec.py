#!/usr/bin/env python3
"""tests/lib/sandbox_exec.py UNIT -- PROGRAM ARGS...

Runs PROGRAM under the system-call filter that the systemd unit UNIT asks
for, as systemd would build it: the SystemCallFilter= lines (allow lists
and ~deny lists of @groups, expanded by systemd-analyze syscall-filter, that
is by systemd's own tables), SystemCallErrorNumber= for a refused call, and
RestrictAddressFamilies= on socket(). The filter is made and loaded with
libseccomp (the library systemd itself uses), then PROGRAM is exec'd; the
caller drops capabilities and the user with setpriv (CapabilityBoundingSet=,
NoNewPrivileges=). ProtectProc= and the file-system protections need a
mount namespace and are not reproduced here (the QEMU boot test runs the
real unit).
"""
import ctypes
import errno
import os
import socket
import subprocess
import sys


def expand(group, seen=None):
    """the system calls of one @group (or one name), as systemd defines them"""
    if not group.startswith("@"):
        return {group}
    seen = seen if seen is not None else set()
    if group in seen:
        return set()
    seen.add(group)
    out = subprocess.run(["systemd-analyze", "syscall-filter", group], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names |= expand(line, seen)
    return names


def unit_filter(path):
    allow, deny, errno_name, families = None, set(), None, None
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if line.startswith("SystemCallFilter="):
            v = line.split("=", 1)[1].split()
            if v and v[0].startswith("~"):
                v[0] = v[0][1:]
                for g in v:
                    deny |= expand(g)
            else:
                s = set()
                for g in v:
                    s |= expand(g)
                allow = s if allow is None else allow | s
        elif line.startswith("SystemCallErrorNumber="):
            errno_name = line.split("=", 1)[1].strip()
        elif line.startswith("RestrictAddressFamilies="):
            families = line.split("=", 1)[1].split()
    if allow is None:
        sys.exit("sandbox_exec: %s has no SystemCallFilter allow list" % path)
    return allow - deny, errno_name, families


class ArgCmp(ctypes.Structure):   # struct scmp_arg_cmp
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_EQ = 4


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: sandbox_exec.py UNIT -- PROGRAM ARGS...")
    allow, errno_name, families = unit_filter(sys.argv[1])
    code = getattr(errno, errno_name) if errno_name else None
    lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    # a refused call fails with the unit's errno; without one systemd kills the process
    default = (0x00050000 | code) if code is not None else 0x80000000   # SCMP_ACT_ERRNO / SCMP_ACT_KILL_PROCESS
    ctx = lib.seccomp_init(default)
    if not ctx:
        sys.exit("sandbox_exec: seccomp_init failed")
    n = 0
    for name in sorted(allow):
        if families is not None and name == "socket":
            continue
        nr = lib.seccomp_syscall_resolve_name(name.encode())
        if nr < 0:
            continue   # not a system call on this architecture
        if lib.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 0, None) != 0:
            sys.exit("sandbox_exec: cannot allow %s" % name)
        n += 1
    if families is not None and "socket" in allow:
        nr = lib.seccomp_syscall_resolve_name(b"socket")
        for f in families:
            cmp = ArgCmp(0, SCMP_CMP_EQ, getattr(socket, f), 0)
            if lib.seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, ctypes.byref(cmp)) != 0:
                sys.exit("sandbox_exec: cannot allow socket(%s)" % f)
    if lib.seccomp_load(ctx) != 0:
        sys.exit("sandbox_exec: seccomp_load failed (errno %d)" % ctypes.get_errno())
    print("# sandbox_exec: %d system calls allowed, others fail with %s; socket() only for %s"
          % (n, errno_name or "a kill", " ".join(families or ["any family"])), file=sys.stderr)
    os.execvp(sys.argv[3], sys.argv[3:])


if __name__ == "__main__":
    main()
