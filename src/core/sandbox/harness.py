# Akkhara's test harness, run inside the sandbox: python3 -I -S harness.py JOB RESULT.
# Applies the limits, runs the solution in a fresh namespace whose __name__ is not "__main__",
# then the tests in that namespace, and writes one JSON verdict to RESULT (opened before any
# untrusted code runs). Nothing here trusts the solution: every step catches everything.
import ast
import builtins
import json
import os
import resource
import sys

job = json.load(open(sys.argv[1], encoding="utf-8"))
result_fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


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

STDLIB = set(getattr(sys, "stdlib_module_names", ()))


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


def finish(status, tests, error=None):
    verdict = {"status": status, "tests": tests}
    if error is not None:
        verdict["error"] = error
    os.write(result_fd, json.dumps(verdict).encode("utf-8"))
    os.close(result_fd)
    sys.stdout.flush()
    os._exit(0)


def short_repr(value):
    try:
        text = repr(value)
    except BaseException as error:  # noqa: BLE001 — a hostile __repr__
        text = f"<repr failed: {type(error).__name__}>"
    return text if len(text) <= 300 else text[:300] + "…"


namespace = {"__name__": "akkhara_solution", "__builtins__": builtins}
try:
    exec(compile(job["solution"], "solution.py", "exec"), namespace)
except BaseException as error:  # noqa: BLE001
    status, message = classify(error)
    if isinstance(error, SystemExit):
        status, message = "error", "SystemExit while defining the solution"
    finish(status, [], message)


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


tests_source = job["tests"]
if job.get("testsFormat") == "assert-list":
    # BLP-2025's test_list: a Python list literal of assert strings, sometimes string-encoded twice.
    try:
        decoded = ast.literal_eval(tests_source)
        if isinstance(decoded, str):
            decoded = ast.literal_eval(decoded)
        if not isinstance(decoded, (list, tuple)) or not all(isinstance(t, str) for t in decoded):
            raise ValueError("not a list of strings")
        tests_source = "\n".join(decoded)
    except (ValueError, SyntaxError) as error:
        finish("sandbox_error", [], f"test_list is not a Python list of assert strings: {error}")
job["tests"] = tests_source

try:
    tree = ast.parse(job["tests"], "tests.py")
except SyntaxError as error:
    finish("sandbox_error", [], f"the tests do not parse: {error.msg} (line {error.lineno})")

tests = []
# Setup first (imports, helpers, definitions), then each assert as its own test.
for node in tree.body:
    if isinstance(node, ast.Assert):
        left = None
        if isinstance(node.test, ast.Compare) and len(node.test.ops) == 1 and isinstance(node.test.ops[0], ast.Eq):
            left = compile(ast.Expression(node.test.left), "tests.py", "eval")
        source = ast.get_source_segment(job["tests"], node) or f"assert (line {node.lineno})"
        tests.append(run_test(source, compile(ast.Module([node], []), "tests.py", "exec"), node.lineno, left))
    else:
        setup = run_test("setup", compile(ast.Module([node], []), "tests.py", "exec"), node.lineno)
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

if not tests:
    finish("sandbox_error", [], "no tests found: write asserts, test_ functions or check(candidate)")
ORDER = ["memory", "syntax_error", "missing_import", "error", "failed"]
worst = next((s for s in ORDER if any(t["status"] == s for t in tests)), "passed")
failing = next((t for t in tests if t["status"] == worst), None)
finish(worst, tests, failing.get("message") if failing and worst != "passed" else None)
