# Akkhara's test harness, run inside the sandbox. Two ways in:
#   python3 -I -S harness.py --serve [--sweep] [--confine JSON | --seccomp]
#                                          a server: a "ready" line, then one JSON job per stdin
#                                          line; each job runs in a forked child (limits and
#                                          confinement applied in the child), one JSON reply per
#                                          stdout line. The verdict comes back over a pipe only
#                                          the harness holds, never through a file the program
#                                          could replace. One-shot runs are a server with one job.
#   import harness; harness.run_in_place(job)  Pyodide (no fork, no rlimits): the job runs in this
#                                          interpreter, which is tidied up after it.
# The solution runs in a fresh namespace whose __name__ is not "__main__", then the tests in that
# namespace. Nothing here trusts the solution: every step catches everything.
import ast
import builtins
import json
import linecache
import os
import sys

STDLIB = set(getattr(sys, "stdlib_module_names", ()))
ORDER = ["memory", "syntax_error", "missing_import", "error", "failed"]


def apply_limits(job, processes):
    import resource  # Unix only; Pyodide has none and never calls this

    def set_limit(kind, value):
        if value is None:
            return
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass

    limits = job["limits"]
    set_limit(resource.RLIMIT_AS, limits["memoryBytes"])
    set_limit(resource.RLIMIT_FSIZE, limits["fileBytes"])
    set_limit(resource.RLIMIT_CORE, 0)
    set_limit(resource.RLIMIT_CPU, max(1, limits["timeoutMs"] // 1000 + 1))
    set_limit(resource.RLIMIT_NPROC, processes)


def classify(error):
    """(status, message) for an exception raised by the solution or a test."""
    if isinstance(error, MemoryError):
        return "memory", "MemoryError"
    if isinstance(error, SyntaxError):
        return "syntax_error", f"SyntaxError: {error.msg} (line {error.lineno})"
    if isinstance(error, NameError) and getattr(error, "name", None) in STDLIB:
        return "missing_import", error.name
    text = str(error)
    if len(text) > 500:
        text = text[:500] + "…"
    return "error", f"{type(error).__name__}: {text}" if text else type(error).__name__


def short_repr(value):
    try:
        text = repr(value)
    except BaseException as error:  # noqa: BLE001 — a hostile __repr__
        text = f"<repr failed: {type(error).__name__}>"
    return text if len(text) <= 300 else text[:300] + "…"


def verdict(status, tests, error=None):
    result = {"status": status, "tests": tests}
    if error is not None:
        result["error"] = error
    return result


def decode_tests(job):
    source = job["tests"]
    if job.get("testsFormat") != "assert-list":
        return source
    # BLP-2025's test_list: a Python list literal of assert strings, sometimes string-encoded twice.
    decoded = ast.literal_eval(source)
    if isinstance(decoded, str):
        decoded = ast.literal_eval(decoded)
    if not isinstance(decoded, (list, tuple)) or not all(isinstance(t, str) for t in decoded):
        raise ValueError("not a list of strings")
    return "\n".join(decoded)


def run_job(job):
    """The verdict for one job. Runs untrusted code: call it where limits already apply."""
    try:
        tests_source = decode_tests(job)
    except (ValueError, SyntaxError) as error:
        return verdict("sandbox_error", [], f"test_list is not a Python list of assert strings: {error}")
    try:
        tree = ast.parse(tests_source, "tests.py")
    except SyntaxError as error:
        return verdict("sandbox_error", [], f"the tests do not parse: {error.msg} (line {error.lineno})")

    namespace = {"__name__": SOLUTION_MODULE, "__builtins__": builtins}
    # Registered so that tracebacks and doctest line numbers can see the source.
    solution = job["solution"]
    linecache.cache["solution.py"] = (len(solution), None, solution.splitlines(True), "solution.py")
    try:
        exec(compile(solution, "solution.py", "exec"), namespace)
    except BaseException as error:  # noqa: BLE001
        if isinstance(error, SystemExit):
            return verdict("error", [], "SystemExit while defining the solution")
        status, message = classify(error)
        return verdict(status, [], message)

    def run_test(name, code, line=None, compare=None):
        outcome = {"name": name}
        if line is not None:
            outcome["line"] = line
        try:
            exec(code, namespace)
            outcome["status"] = "passed"
        except AssertionError as error:
            outcome["status"] = "failed"
            outcome["message"] = str(error) or "assertion failed"
            if compare is not None:
                try:
                    outcome["actual"] = short_repr(eval(compare, namespace))
                except BaseException:  # noqa: BLE001
                    pass
        except BaseException as error:  # noqa: BLE001
            outcome["status"], outcome["message"] = classify(error)
        return outcome

    tests = []
    # Statements run in order: setup (imports, helpers, definitions), and each assert as its own test.
    for node in tree.body:
        code = compile(ast.Module([node], []), "tests.py", "exec")
        if isinstance(node, ast.Assert):
            left = None
            test = node.test
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
                left = compile(ast.Expression(test.left), "tests.py", "eval")
            source = ast.get_source_segment(tests_source, node) or f"assert (line {node.lineno})"
            tests.append(run_test(source, code, node.lineno, left))
        else:
            setup = run_test("setup", code, node.lineno)
            if setup["status"] != "passed":
                tests.append(setup)

    # test_ functions and check() are the tests' own: a solution's function that happens to be
    # named test_… (a task asking for test_duplicate(arraynums)) is what is tested, not a test. Only
    # a program run for its own tests (no tests given) has its test_ functions collected.
    own_tests = not tests_source.strip()
    from_tests = top_level_names(tree)
    entry = job.get("entryPoint")
    if callable(namespace.get("check")) and "check" in from_tests and entry:
        if not callable(namespace.get(entry)):
            tests.append({"name": f"check({entry})", "status": "error", "message": f"NameError: {entry} is not defined"})
        else:
            tests.append(run_test(f"check({entry})", compile(f"check({entry})", "tests.py", "exec")))
    for name in [
        n
        for n in list(namespace)
        if n.startswith("test_") and callable(namespace[n]) and (own_tests or n in from_tests)
    ]:
        tests.append(run_test(name, compile(f"{name}()", "tests.py", "exec")))
    if job.get("doctests"):
        tests.extend(run_doctests(namespace))

    if not tests:
        what = "asserts, test_ functions, doctests" if job.get("doctests") else "asserts, test_ functions"
        return verdict("sandbox_error", [], f"no tests found: write {what} or check(candidate)")
    worst = next((s for s in ORDER if any(t["status"] == s for t in tests)), "passed")
    failing = next((t for t in tests if t["status"] == worst), None)
    return verdict(worst, tests, failing.get("message") if failing and worst != "passed" else None)


SOLUTION_MODULE = "akkhara_solution"


def top_level_names(tree):
    """The names a module's top-level statements bind (definitions, assignments, imports)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        else:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                for leaf in ast.walk(target) if target is not None else ():
                    if isinstance(leaf, ast.Name):
                        names.add(leaf.id)
    return names


def run_doctests(namespace):
    """One outcome per `>>>` example in the docstrings of what the solution and tests defined."""
    import doctest
    import inspect

    outcomes = []

    class Recorder(doctest.DocTestRunner):
        in_solution = False

        def record(self, test, example, status, message=None, actual=None):
            outcome = {"name": ">>> " + example.source.strip().splitlines()[0], "status": status}
            if test.lineno is not None and self.in_solution:
                outcome["line"] = test.lineno + example.lineno + 1
            if message:
                outcome["message"] = message
            if actual is not None:
                outcome["actual"] = actual
            outcomes.append(outcome)

        def report_start(self, out, test, example):
            pass

        def report_success(self, out, test, example, got):
            self.record(test, example, "passed")

        def report_failure(self, out, test, example, got):
            self.record(test, example, "failed", f"expected {example.want.strip()}", got.strip() or "(nothing)")

        def report_unexpected_exception(self, out, test, example, exc_info):
            status, message = classify(exc_info[1])
            self.record(test, example, status, message)

    finder = doctest.DocTestFinder(recurse=True)
    runner = Recorder(verbose=False, optionflags=doctest.ELLIPSIS)
    for name, value in list(namespace.items()):
        ours = (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == SOLUTION_MODULE
        if not ours:
            continue
        # Line numbers only for the solution's functions: tests.py is not the file the user sees.
        runner.in_solution = getattr(getattr(value, "__code__", None), "co_filename", None) == "solution.py"
        for test in finder.find(value, name, module=False, globs=namespace):
            runner.run(test, out=lambda _text: None, clear_globs=False)
    return outcomes


def run_in_place(job_json):
    """Pyodide: the verdict (JSON) for one job run in this interpreter. Without fork, the next job
    would inherit what this one changed, so modules it imported are forgotten and builtins restored."""
    modules = set(sys.modules)
    saved_builtins = dict(builtins.__dict__)
    saved_path = list(sys.path)
    try:
        return json.dumps(run_job(json.loads(job_json)))
    finally:
        for name in set(sys.modules) - modules:
            sys.modules.pop(name, None)
        builtins.__dict__.clear()
        builtins.__dict__.update(saved_builtins)
        sys.path[:] = saved_path


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


VERDICT_BYTES = 8 * 1024 * 1024


def checked_verdict(data, seal):
    """The child's verdict if it has the harness's shape and the job's seal, else None. The child
    ran untrusted code, so what it sent is read as data, never trusted to be well formed; a verdict
    written by the program itself (to any descriptor it finds) lacks the seal. Code that studies
    this harness can still fake its own result from inside its process, as with every harness that
    runs tests in the program's process (HumanEval's, EvalPlus's); the host is never at risk."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.pop("seal", None) != seal or value.get("status") not in STATUSES:
        return None
    tests = value.get("tests")
    if not isinstance(tests, list) or not all(
        isinstance(t, dict) and isinstance(t.get("name"), str) and t.get("status") in STATUSES for t in tests
    ):
        return None
    if "error" in value and not isinstance(value["error"], str):
        return None
    return value


STATUSES = {"passed", "failed", "error", "syntax_error", "missing_import", "timeout", "memory", "output_limit", "sandbox_error"}


def user_processes(uid):
    """How many tasks this user has that this process can see (Linux; 0 elsewhere). The kernel
    counts RLIMIT_NPROC in tasks, threads included: the editor's and Node's threads count too."""
    try:
        entries = os.scandir("/proc")
    except OSError:
        return 0
    count = 0
    with entries:
        for entry in entries:
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        count += max(1, len(os.listdir(f"/proc/{entry.name}/task")))
                except OSError:
                    pass
    return count


def process_limit(job):
    """RLIMIT_NPROC for the job. "absolute": the number itself (a user namespace of its own, or a
    user who runs nothing else). "additional": counted against the user's processes, as the kernel
    does, so the program may have that many on top of what the user already runs (and a fork bomb
    can never take the user's last processes, which the editor and Akkhara need)."""
    limit = job.get("processLimit")
    if limit is None:
        return None
    if job.get("processLimitMode") == "additional":
        limit += user_processes(os.getuid()) + job.get("processBase", 0)
    # Under a per-user limit of its own, leave the user RESERVED processes: the editor, Akkhara and
    # the next run must still be able to start a process or a thread while a fork bomb runs.
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY:
        limit = max(1, min(limit, soft - RESERVED_PROCESSES))
    return limit


RESERVED_PROCESSES = 16


def become_subreaper():
    """Orphans of a job (a daemon that left its session) come back to the server, which can then
    kill them; without this they would go to init and outlive the run. Linux only."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def everyone_else():
    """Inside a pid namespace of its own: every process but init and this one."""
    me = os.getpid()
    return {int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) not in (1, me)}


def children():
    """This process's live children (Linux: /proc/self/task/*/children)."""
    pids = set()
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children") as listing:
                pids.update(int(pid) for pid in listing.read().split())
    except OSError:
        pass
    return pids


# After the job's child has exited, how long its pipes may stay open (a daemon it left holds them).
DRAIN_S = 0.25


def collect(pid, out_r, verdict_r, limits, started):
    """Reads the job's output and verdict until both pipes close, the child has exited and the pipes
    drained, or the time limit. Returns (output, verdict, timed out, output exceeded, the child's
    wait status if it was reaped here)."""
    import select
    import time

    deadline = started + limits["timeoutMs"] / 1000
    output = bytearray()
    verdict_bytes = bytearray()
    timed_out = exceeded = False
    try:
        exit_fd = os.pidfd_open(pid)  # Linux 5.3+: readable once the child has exited
    except (AttributeError, OSError):
        exit_fd = None
    open_fds = {out_r, verdict_r}
    exited_at = status = None
    while open_fds:
        now = time.monotonic()
        if exited_at is None and now >= deadline:
            timed_out = True
            break
        if exited_at is not None and now >= exited_at + DRAIN_S:
            break
        limit = deadline if exited_at is None else exited_at + DRAIN_S
        watched = list(open_fds) + ([exit_fd] if exit_fd is not None and exited_at is None else [])
        wait = limit - now if exit_fd is not None else min(limit - now, 0.01)
        ready, _, _ = select.select(watched, [], [], max(0, wait))
        if exited_at is None and (exit_fd in ready if exit_fd is not None else True):
            if exit_fd is not None:
                exited_at = time.monotonic()
            else:
                reaped, wait_status = os.waitpid(pid, os.WNOHANG)
                if reaped == pid:
                    exited_at, status = time.monotonic(), wait_status
        for fd in ready:
            if fd == exit_fd:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.discard(fd)
            elif fd == out_r:
                output += chunk
                if len(output) > limits["outputBytes"]:
                    del output[limits["outputBytes"]:]
                    exceeded = True
                    open_fds.clear()
                    break
            else:
                verdict_bytes += chunk
                if len(verdict_bytes) > VERDICT_BYTES:
                    verdict_bytes = bytearray(b"too long")
                    open_fds.discard(fd)
    if exit_fd is not None:
        os.close(exit_fd)
    return output, verdict_bytes, timed_out, exceeded, status


def end_everything(pid, sweep, reaper, status=None, deadline_s=5.0):
    """Kills the job's child and everything it started, and waits until they are gone. Returns the
    child's wait status and how many processes could not be killed."""
    import signal
    import time

    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(-1, signal.SIGKILL) if sweep else None):
        try:
            target()
        except OSError:
            pass
    if status is None:
        _, status = os.waitpid(pid, 0)
    deadline = time.monotonic() + deadline_s
    left = set()
    while True:
        # Reap what died; as a subreaper, the job's orphans are this process's children now.
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        left = everyone_else() if sweep else children() if reaper else set()
        if not left or time.monotonic() > deadline:
            break
        for other in left:
            try:
                os.kill(other, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.001)
    return status, len(left)


def clear_folder(root):
    """Removes everything inside `root`, also what a program made hard to remove (a folder of mode
    000: made searchable and writable again first; the program ran as this user)."""
    import shutil
    import stat

    def retry(function, path, _error):
        try:
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IRWXU)
                shutil.rmtree(path, ignore_errors=True)
            else:
                function(path)
        except OSError:
            pass

    try:
        entries = os.listdir(root)
    except OSError:
        return
    for name in entries:
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            try:
                os.chmod(path, stat.S_IRWXU)
            except OSError:
                pass
            shutil.rmtree(path, onerror=retry)
        else:
            try:
                os.remove(path)
            except OSError:
                pass


def serve(sweep, confinement, scratch_root, own_root, preload):
    """`own_root`: the scratch root belongs to this server alone (a private folder or the sandbox's
    own /tmp), so everything in it may be removed after each job."""
    import shutil
    import tempfile
    import time

    reaper = not sweep and become_subreaper()
    # What most solutions import, loaded once here so that children start with it (names still
    # have to be imported by the solution: sys.modules is not its namespace). Not for one program.
    for name in ("typing", "math", "collections", "itertools", "functools", "re", "string", "heapq", "bisect"):
        if not preload:
            break
        try:
            __import__(name)
        except ImportError:
            pass
    replies = sys.stdout.buffer
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in sys.stdin.buffer:
        job = json.loads(line)
        started = time.monotonic()
        out_r, out_w = os.pipe()
        verdict_r, verdict_w = os.pipe()
        scratch = tempfile.mkdtemp(prefix="job-", dir=scratch_root)
        if job.get("openScratch"):
            os.chmod(scratch, 0o777)
        seal = job.pop("nonce", None)
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                os.close(out_r)
                os.close(verdict_r)
                devnull = os.open(os.devnull, os.O_RDONLY)
                os.dup2(devnull, 0)
                os.dup2(out_w, 1)
                os.dup2(out_w, 2)
                os.chdir(scratch)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
                apply_limits(job, process_limit(job))
                if confinement is not None:
                    # The program's temporary files and home are its own folder: the server's
                    # scratch root is not writable to it.
                    os.environ["TMPDIR"] = os.environ["HOME"] = scratch
                    tempfile.tempdir = None
                    try:
                        confinement.enter(scratch)
                    except OSError as error:
                        failed = verdict("sandbox_error", [], f"confinement failed: {error}")
                        write_all(verdict_w, json.dumps({**failed, "seal": seal}).encode())
                        os._exit(0)
                result = run_job(job)
                sys.stdout.flush()
                sys.stderr.flush()
                write_all(verdict_w, json.dumps({**result, "seal": seal}).encode("utf-8"))
            finally:
                os._exit(0)
        os.close(out_w)
        os.close(verdict_w)
        limits = job["limits"]
        output, verdict_bytes, timed_out, exceeded, early_status = collect(pid, out_r, verdict_r, limits, started)
        # Whatever the program left behind dies before the reply: its group, its orphans (as a
        # subreaper) and, with --sweep (only inside a pid namespace!), every other process of this
        # user there; kill(-1) spares the caller and init.
        status, survivors = end_everything(pid, sweep, reaper, early_status)
        os.close(out_r)
        os.close(verdict_r)
        if own_root:
            # Nothing of this job is left for the next: its folder, and whatever it put beside it
            # (under bubblewrap the root is the sandbox's private /tmp, writable to the program).
            clear_folder(scratch_root)
        else:
            shutil.rmtree(scratch, ignore_errors=True)  # the host's /tmp (process): only the job's folder
        reply = {
            "nonce": seal,
            "timedOut": timed_out,
            "outputExceeded": exceeded,
            "output": output.decode("utf-8", "replace"),
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "durationMs": round((time.monotonic() - started) * 1000),
            "survivors": survivors,
            "verdict": checked_verdict(verdict_bytes, seal) if verdict_bytes else None,
        }
        replies.write(json.dumps(reply).encode("utf-8") + b"\n")
        replies.flush()


USAGE = "usage: harness.py --serve [--sweep] [--no-preload] [--scratch DIR] [--confine JSON | --seccomp]"


def main(args):
    """`--serve [--sweep] [--no-preload] [--scratch DIR] [--confine JSON | --seccomp]`. --scratch
    names a folder of this server's own (emptied after every job; without it, jobs go to /tmp and
    only their own folders are removed); the JSON names the folders a confined program may read and the folder its scratch folders are made in
    (and `abi`, to act as an older kernel's Landlock in tests); --seccomp applies only the system
    call filter (bubblewrap, whose namespaces do the rest)."""
    if args[:1] != ["--serve"]:
        sys.exit(USAGE)
    confinement, scratch_root, own_root = None, "/tmp", False
    if "--scratch" in args:
        scratch_root, own_root = args[args.index("--scratch") + 1], True
    if "--confine" in args or "--seccomp" in args:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import confine

        try:
            if "--seccomp" in args:
                confinement = confine.Filter()
            else:
                spec = json.loads(args[args.index("--confine") + 1])
                confinement = confine.prepare(spec["read"], spec["scratch"], spec.get("abi"))
                scratch_root, own_root = spec["scratch"], True
        except confine.Unavailable as error:
            sys.stderr.write(f"confinement unavailable: {error}\n")
            sys.exit(3)
    serve("--sweep" in args, confinement, scratch_root, own_root, "--no-preload" not in args)


if __name__ == "__main__":
    main(sys.argv[1:])
