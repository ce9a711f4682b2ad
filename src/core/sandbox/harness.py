# Akkhara's test harness, run inside the sandbox. Three ways in:
#   python3 -I -S harness.py JOB VERDICT   one program: limits, solution, tests, verdict file.
#   python3 -I -S harness.py --serve [--sweep]  a warm server: a "ready" line, then one JSON job per
#                                          stdin line; each job runs in a forked child (limits
#                                          applied in the child), one JSON reply per stdout line.
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


def apply_limits(job):
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
    set_limit(resource.RLIMIT_NPROC, job.get("processLimit"))


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

    entry = job.get("entryPoint")
    if callable(namespace.get("check")) and entry:
        if not callable(namespace.get(entry)):
            tests.append({"name": f"check({entry})", "status": "error", "message": f"NameError: {entry} is not defined"})
        else:
            tests.append(run_test(f"check({entry})", compile(f"check({entry})", "tests.py", "exec")))
    for name in [n for n in list(namespace) if n.startswith("test_") and callable(namespace[n])]:
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


def once(job_path, verdict_path):
    job = json.load(open(job_path, encoding="utf-8"))
    # Opened before any untrusted code runs.
    verdict_fd = os.open(verdict_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    apply_limits(job)
    result = run_job(job)
    write_all(verdict_fd, json.dumps(result).encode("utf-8"))
    os.close(verdict_fd)
    sys.stdout.flush()
    os._exit(0)


def serve(sweep):
    import select
    import shutil
    import signal
    import tempfile
    import time

    # What most solutions import, loaded once here so that children start with it (names still
    # have to be imported by the solution: sys.modules is not its namespace).
    for name in ("typing", "math", "collections", "itertools", "functools", "re", "string", "heapq", "bisect"):
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
        scratch = tempfile.mkdtemp(prefix="job-", dir="/tmp")
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
                apply_limits(job)
                result = run_job(job)
                sys.stdout.flush()
                sys.stderr.flush()
                write_all(verdict_w, json.dumps(result).encode("utf-8"))
            finally:
                os._exit(0)
        os.close(out_w)
        os.close(verdict_w)
        limits = job["limits"]
        deadline = started + limits["timeoutMs"] / 1000
        output = bytearray()
        verdict_bytes = bytearray()
        timed_out = exceeded = False
        open_fds = {out_r, verdict_r}
        while open_fds:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select(list(open_fds), [], [], remaining)
            for fd in ready:
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
        # Whatever the program left behind dies: its group, and with --sweep (only inside a pid
        # namespace!) every other process this user has there; kill(-1) spares the caller and init.
        targets = [lambda: os.killpg(pid, signal.SIGKILL)]
        if sweep:
            targets.append(lambda: os.kill(-1, signal.SIGKILL))
        for target in targets:
            try:
                target()
            except OSError:
                pass
        _, status = os.waitpid(pid, 0)
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    break
            except ChildProcessError:
                break
        os.close(out_r)
        os.close(verdict_r)
        shutil.rmtree(scratch, ignore_errors=True)
        reply = {
            "nonce": job.get("nonce"),
            "timedOut": timed_out,
            "outputExceeded": exceeded,
            "output": output.decode("utf-8", "replace"),
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "durationMs": round((time.monotonic() - started) * 1000),
        }
        try:
            reply["verdict"] = json.loads(verdict_bytes) if verdict_bytes else None
        except ValueError:
            reply["verdict"] = None
        replies.write(json.dumps(reply).encode("utf-8") + b"\n")
        replies.flush()


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve(sweep="--sweep" in sys.argv[2:])
    else:
        once(sys.argv[1], sys.argv[2])
