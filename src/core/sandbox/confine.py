# Akkhara's Linux confinement without namespaces, for machines where bubblewrap cannot start (no
# bubblewrap, or unprivileged user namespaces switched off, as Ubuntu 24.04's AppArmor does). The
# harness server prepares it once (`prepare`) and each job's child confines itself (`enter`)
# before any untrusted code runs:
#   - Landlock: reads only the system's program folders and Python's own; writes only this job's
#     scratch folder (a ruleset per job: a program cannot leave files for the next job of the same
#     server); no TCP bind or connect (ABI 4+); no signals to, or abstract sockets of, processes
#     outside the sandbox (ABI 6+).
#   - seccomp: no new sockets of any family (UDP, raw, netlink, Unix paths such as a Docker socket
#     included: Landlock does not mediate connect() on a socket file), no io_uring (its socket
#     operations would pass seccomp by), no ptrace, no reading or writing other processes' memory,
#     no BPF, perf or keyring, no new namespaces; before Landlock ABI 6 also no signals at all.
#     Landlock does not mediate a file's metadata either, so chmod, chown, utime and extended
#     attributes are refused everywhere (seccomp cannot tell a path in scratch from ~/.ssh), and
#     before ABI 3, where Landlock cannot refuse truncate(2) by path, that too.
#   - all capabilities dropped, and no new privileges (setuid binaries stop working): root in
#     this sandbox is bound by the process limit and by Landlock like anyone else.
# Everything is done with ctypes and raw system call numbers (x86-64 and arm64); any failure
# while preparing means the backend is not offered, never that a program runs unconfined.
import ctypes
import os
import platform
import struct

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.syscall.restype = ctypes.c_long
LIBC.prctl.restype = ctypes.c_int

# Landlock's system calls have the same numbers on every architecture.
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = EXECUTE | READ_FILE | READ_DIR
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_CAPBSET_DROP = 38, 22, 24
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
EPERM, EACCES, ENOSYS = 1, 13, 38
# clone() flags that make namespaces; clone3() passes its flags in memory seccomp cannot read, so it
# is refused with ENOSYS and the C library falls back to clone().
NAMESPACE_FLAGS = 0x7E020000

# Per architecture: the audit value seccomp sees, and the system calls refused.
ARCHITECTURES = {
    "x86_64": {
        "audit": 0xC000003E,
        "x32_bit": 0x40000000,
        "socket": [41],
        "clone": 56,
        "always": [101, 310, 311, 321, 298, 323, 248, 249, 250, 272, 308, 425, 426, 427],
        "signals": [62, 200, 234, 129, 297, 424],
        # chmod, fchmod, fchmodat, fchmodat2; chown, fchown, lchown, fchownat; utime, utimes,
        # futimesat, utimensat; setxattr, lsetxattr, fsetxattr, removexattr, lremovexattr,
        # fremovexattr, setxattrat, removexattrat.
        "metadata": [90, 91, 268, 452, 92, 93, 94, 260, 132, 235, 261, 280, 188, 189, 190, 197, 198, 199, 463, 466],
        "truncate": [76],
    },
    "aarch64": {
        "audit": 0xC00000B7,
        "x32_bit": None,
        "socket": [198],
        "clone": 220,
        "always": [117, 270, 271, 280, 241, 282, 217, 218, 219, 97, 268, 425, 426, 427],
        "signals": [129, 130, 131, 138, 240, 424],
        # fchmod, fchmodat, fchmodat2; fchownat, fchown; utimensat; the six xattr writers, setxattrat,
        # removexattrat (the generic table has no chmod, chown or utime of its own).
        "metadata": [52, 53, 452, 54, 55, 88, 5, 6, 7, 14, 15, 16, 463, 466],
        "truncate": [45],
    },
}


class Unavailable(Exception):
    """This machine cannot confine a program this way; the message says why."""


def abi_version(cap=None):
    """The kernel's Landlock ABI; `cap` pretends to be an older kernel (tests of ABI 1 and 2)."""
    version = LIBC.syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), LANDLOCK_CREATE_RULESET_VERSION)
    version = version if version > 0 else 0
    return min(version, cap) if cap else version


def _handled_fs(abi):
    rights = READ | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_CHAR | MAKE_DIR | MAKE_REG
    rights |= MAKE_SOCK | MAKE_FIFO | MAKE_BLOCK | MAKE_SYM
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


# Devices a Python program may use; everything else in /dev stays out of reach.
DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]


def _ruleset(abi, read_paths, write_paths):
    handled = _handled_fs(abi)
    attr = struct.pack("<Q", handled)
    if abi >= 4:
        attr += struct.pack("<Q", NET_BIND_TCP | NET_CONNECT_TCP)
    if abi >= 6:
        attr += struct.pack("<Q", SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL)
    buffer = ctypes.create_string_buffer(attr, len(attr))
    fd = LIBC.syscall(LANDLOCK_CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), 0)
    if fd < 0:
        raise Unavailable(f"Landlock refused a ruleset: {os.strerror(ctypes.get_errno())}")
    try:
        for paths, rights in ((read_paths, READ), (write_paths, handled), (DEVICES, READ_FILE | WRITE_FILE)):
            for path in paths:
                _allow(fd, path, rights)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _allow(ruleset_fd, path, rights):
    try:
        target = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = ctypes.create_string_buffer(struct.pack("<Qi", rights, target), 12)
        if LIBC.syscall(LANDLOCK_ADD_RULE, ruleset_fd, LANDLOCK_RULE_PATH_BENEATH, rule, 0) != 0:
            raise Unavailable(f"Landlock refused a rule for {path}: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(target)


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _seccomp_program(arch, deny_sockets, deny_signals, deny_metadata, deny_truncate):
    LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
    refused = [(nr, EPERM) for nr in arch["always"]]
    if deny_sockets:
        refused += [(nr, EACCES) for nr in arch["socket"]]
    if deny_signals:
        refused += [(nr, EPERM) for nr in arch["signals"]]
    if deny_metadata:
        refused += [(nr, EPERM) for nr in arch["metadata"]]
    if deny_truncate:
        refused += [(nr, EPERM) for nr in arch["truncate"]]
    code = [
        (LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (JEQ_K, 1, 0, arch["audit"]),
        (RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),  # another ABI (i386 through int 0x80): never
        (LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if arch["x32_bit"] is not None:
        code += [(JGE_K, 0, 1, arch["x32_bit"]), (RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS)]
    code += [
        (JEQ_K, 0, 1, 435),  # clone3
        (RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),
        (JEQ_K, 0, 4, arch["clone"]),
        (LD_W_ABS, 0, 0, 16),  # args[0], the flags (low half)
        (JSET_K, 0, 1, NAMESPACE_FLAGS),
        (RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM),
        (LD_W_ABS, 0, 0, 0),
    ]
    for nr, errno in refused:
        code += [(JEQ_K, 0, 1, nr), (RET_K, 0, 0, SECCOMP_RET_ERRNO | errno)]
    code.append((RET_K, 0, 0, SECCOMP_RET_ALLOW))
    filters = (_Filter * len(code))(*[_Filter(*instruction) for instruction in code])
    return _Program(len(code), filters), filters


class Confinement:
    """What `prepare` built in the server, applied by each job's child with `enter`."""

    def __init__(self, read_paths, program, keep_alive, abi):
        self.read_paths = read_paths
        self.program = program
        self.keep_alive = keep_alive
        self.abi = abi

    def enter(self, scratch):
        """In the job's child, before untrusted code: capabilities, Landlock (writes only in this
        job's `scratch`; a ruleset of its own, since rules added to a shared one would stay), then
        seccomp."""
        _drop_capabilities()
        if LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "no_new_privs")
        ruleset_fd = _ruleset(self.abi, self.read_paths, [scratch])
        if LIBC.syscall(LANDLOCK_RESTRICT_SELF, ruleset_fd, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
        os.close(ruleset_fd)
        _install(self.program)


class Filter:
    """Only the seccomp part, for a sandbox whose namespaces already hide the files and the network
    (bubblewrap): no new namespaces (a nested user namespace would hand the program a root of its
    own and the kernel's rarely used paths), no ptrace, BPF, perf, keyring, userfaultfd or io_uring."""

    def __init__(self):
        arch = ARCHITECTURES.get(platform.machine())
        if arch is None:
            raise Unavailable(f"no seccomp filter for {platform.machine()}")
        self.program, self.keep_alive = _seccomp_program(arch, False, False, False, False)

    def enter(self, _scratch=None):
        if LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "no_new_privs")
        _install(self.program)


def _install(program):
    if LIBC.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp")


def _drop_capabilities():
    # The bounding set first (so nothing can be regained through exec), then the sets themselves.
    for cap in range(64):
        if LIBC.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == EPERM:
            break  # without CAP_SETPCAP there is nothing to drop (an ordinary user)
    header = struct.pack("<Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)  # two empty {effective, permitted, inheritable} sets
    if LIBC.syscall(126 if platform.machine() == "x86_64" else 91, header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def prepare(read_paths, scratch, abi_cap=None):
    """The confinement for jobs whose scratch folders live under `scratch`, or Unavailable."""
    arch = ARCHITECTURES.get(platform.machine())
    if arch is None:
        raise Unavailable(f"no seccomp filter for {platform.machine()}")
    abi = abi_version(abi_cap)
    if abi < 1:
        raise Unavailable("the kernel has no Landlock (Linux 5.13+ with Landlock enabled)")
    os.close(_ruleset(abi, read_paths, [scratch]))  # refused rules show here, not in every job
    program, keep_alive = _seccomp_program(
        arch, deny_sockets=True, deny_signals=abi < 6, deny_metadata=True, deny_truncate=abi < 3
    )
    return Confinement(list(read_paths), program, keep_alive, abi)
