# Stronger tests from a reference solution (EvalPlus-style type-aware mutation, Troopers' fuzzed
# asserts). Runs as the "tests" of a sandbox job whose solution is the reference, so everything
# here runs where the sandbox's limits apply. _CONFIG is defined before this text:
#   format     "humaneval" (calls to `candidate` in check()) or "blp" (asserts calling the function)
#   base       the task's tests: HumanEval's test source, or BLP's test_list literal
#   entry      the function's name (HumanEval's entry_point; for BLP, None: the one the asserts call)
#   seed, max_extra, per_input, budget_factor, floor_s, total_s
# Prints one marked JSON line per new assert, then one {"done": …} with counts (the reference's own
# prints, if any, carry no mark).
import ast as _ast
import copy as _copy
import json as _json
import math as _math
import random as _random
import signal as _signal
import time as _time


_MARK = "akkhara-harden:"


def _emit(row):
    print(_MARK + _json.dumps(row), flush=True)


class _OverBudget(Exception):
    pass


def _on_alarm(signum, frame):
    raise _OverBudget()


def _decode_blp(source):
    decoded = _ast.literal_eval(source)
    if isinstance(decoded, str):
        decoded = _ast.literal_eval(decoded)
    return list(decoded)


def _base_inputs(config, namespace):
    """The literal argument tuples of the base tests' calls to the function under test."""
    if config["format"] == "humaneval":
        sources, wanted = [config["base"]], {"candidate"}
    else:
        sources = _decode_blp(config["base"])
        wanted = None
    calls = []
    for source in sources:
        for node in _ast.walk(_ast.parse(source)):
            if isinstance(node, _ast.Call) and isinstance(node.func, _ast.Name) and not node.keywords:
                calls.append(node)
    if wanted is None:
        # BLP: the function the asserts call most that the reference defines.
        counts = {}
        for node in calls:
            if callable(namespace.get(node.func.id)) and not isinstance(namespace.get(node.func.id), type):
                counts[node.func.id] = counts.get(node.func.id, 0) + 1
        if not counts:
            return None, []
        wanted = {max(counts, key=counts.get)}
    name = next(iter(wanted))
    inputs = []
    for node in calls:
        if node.func.id not in wanted or any(isinstance(a, _ast.Starred) for a in node.args):
            continue
        try:
            args = tuple(_ast.literal_eval(a) for a in node.args)
        except (ValueError, SyntaxError, TypeError):
            continue
        if args not in inputs:
            inputs.append(args)
    return name, inputs


def _collect(value, pool):
    pool.setdefault(type(value), []).append(value)
    if isinstance(value, (list, tuple, set)):
        for item in value:
            _collect(item, pool)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(key, pool)
            _collect(item, pool)


class _Shape:
    """What every base input shares at one argument position: mutants stay inside it."""

    def __init__(self, values):
        numbers = [v for v in values if type(v) in (int, float)]
        self.non_negative = bool(numbers) and min(numbers) >= 0
        self.positive = bool(numbers) and min(numbers) > 0
        sized = [v for v in values if isinstance(v, (str, list, tuple, dict, set))]
        self.non_empty = bool(sized) and min(len(v) for v in sized) > 0
        strings = [v for v in values if type(v) is str]
        self.characters = set("".join(strings)) if strings else None

    def allows(self, value):
        if type(value) in (int, float):
            if self.positive and value <= 0:
                return False
            if self.non_negative and value < 0:
                return False
        if isinstance(value, (str, list, tuple, dict, set)) and self.non_empty and len(value) == 0:
            return False
        if type(value) is str and self.characters is not None and not set(value) <= self.characters:
            return False
        return True


def _mutate(value, pool, rng, depth=0):
    kind = type(value)
    if kind is bool:
        return not value
    if kind is int:
        choices = [value + 1, value - 1, value * 2, -value, value // 2, 0, value + rng.randint(2, 10)]
        choices += [v for v in pool.get(int, []) if v != value][:5]
        return rng.choice(choices)
    if kind is float:
        return rng.choice([value + 1.0, value - 1.0, value * 2, -value, value / 2, 0.0, value + 0.5])
    if kind is str:
        letters = "".join(s for s in pool.get(str, []) if isinstance(s, str)) or "abc xyz"
        edit = rng.randrange(6)
        at = rng.randrange(len(value) + 1)
        if edit == 0 or not value:
            return value[:at] + rng.choice(letters) + value[at:]
        if edit == 1:
            return value[:at] + value[at + 1 :]
        if edit == 2:
            return value[:at] + rng.choice(letters) + value[at + 1 :]
        if edit == 3:
            return value + value
        if edit == 4:
            return value.swapcase()
        others = [s for s in pool.get(str, []) if s != value]
        return rng.choice(others) if others else value[::-1]
    if kind in (list, tuple):
        items = list(value)
        edit = rng.randrange(4)
        if (edit == 0 or not items) and depth < 3:
            source = rng.choice(items) if items else rng.choice(pool.get(int, [0]) or [0])
            items.insert(rng.randrange(len(items) + 1), _mutate(_copy.deepcopy(source), pool, rng, depth + 1))
        elif edit == 1 and items:
            del items[rng.randrange(len(items))]
        elif edit == 2 and items and depth < 3:
            i = rng.randrange(len(items))
            items[i] = _mutate(items[i], pool, rng, depth + 1)
        else:
            rng.shuffle(items)
        return kind(items) if kind is list or len(items) == len(value) else tuple(value)
    if kind is dict:
        items = dict(value)
        keys = list(items)
        edit = rng.randrange(3)
        if edit == 0 and keys and depth < 3:
            key = rng.choice(keys)
            new_key = _mutate(key, pool, rng, depth + 1)
            try:
                items[new_key] = _mutate(items[key], pool, rng, depth + 1)
            except TypeError:
                pass
        elif edit == 1 and keys:
            del items[rng.choice(keys)]
        elif keys and depth < 3:
            key = rng.choice(keys)
            items[key] = _mutate(items[key], pool, rng, depth + 1)
        return items
    others = [v for v in pool.get(kind, []) if v != value]
    return rng.choice(others) if others else value


def _has_float(value):
    if isinstance(value, float):
        return True
    if isinstance(value, (list, tuple, set)):
        return any(_has_float(v) for v in value)
    if isinstance(value, dict):
        return any(_has_float(k) or _has_float(v) for k, v in value.items())
    return False


def _finite(value):
    if isinstance(value, float):
        return _math.isfinite(value)
    if isinstance(value, (list, tuple, set)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(k) and _finite(v) for k, v in value.items())
    return True


def _literal(value):
    """repr(value) when it reads back as an equal literal (no objects, generators, NaN), else None."""
    try:
        text = repr(value)
        return text if len(text) <= 2000 and _ast.literal_eval(text) == value else None
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
        return None


def _call(function, args, budget):
    _signal.setitimer(_signal.ITIMER_REAL, budget)
    try:
        return function(*_copy.deepcopy(args))
    finally:
        _signal.setitimer(_signal.ITIMER_REAL, 0)


_CLOSE = (
    "def _akkhara_close(actual, expected):\n"
    "    import math\n"
    "    if isinstance(expected, float):\n"
    "        return isinstance(actual, (int, float)) and math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-6)\n"
    "    if isinstance(expected, (list, tuple)):\n"
    "        return type(actual) is type(expected) and len(actual) == len(expected) and all(_akkhara_close(a, e) for a, e in zip(actual, expected))\n"
    "    if isinstance(expected, dict):\n"
    "        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(_akkhara_close(actual[k], expected[k]) for k in expected)\n"
    "    return actual == expected\n"
)


def _assert_text(config, name, args, expected_text, floats, expected):
    call = ("candidate" if config["format"] == "humaneval" else name) + "(" + ", ".join(repr(a) for a in args) + ")"
    if not floats:
        return "assert " + call + " == " + expected_text
    if config["format"] == "humaneval":
        return "assert _akkhara_close(" + call + ", " + expected_text + ")"
    if isinstance(expected, float):  # a BLP assert stands alone: no helper, plain floats only
        return "assert abs(" + call + " - " + expected_text + ") <= 1e-6 * max(1.0, abs(" + expected_text + "))"
    return None


def _akkhara_harden(config, namespace):
    started = _time.monotonic()
    rng = _random.Random(config["seed"])
    if config["format"] == "humaneval":
        name, inputs = config["entry"], _base_inputs(config, namespace)[1]
    else:
        name, inputs = _base_inputs(config, namespace)
    function = namespace.get(name) if name else None
    if not callable(function) or not inputs:
        _emit({"done": True, "base_inputs": len(inputs), "tried": 0, "reason": "no literal inputs in its tests"})
        return
    _signal.signal(_signal.SIGALRM, _on_alarm)
    slowest = 0.0
    for args in inputs:
        began = _time.perf_counter()
        _call(function, args, max(config["total_s"] / 4, 1.0))
        slowest = max(slowest, _time.perf_counter() - began)
    budget = max(slowest * config["budget_factor"], config["floor_s"])
    pool = {}
    for args in inputs:
        for value in args:
            _collect(value, pool)
    arity = {len(args) for args in inputs}
    shapes = {
        (n, i): _Shape([args[i] for args in inputs if len(args) == n]) for n in arity for i in range(n)
    }
    seen = {repr(args) for args in inputs}
    kept = 0
    tried = 0
    attempts = config["max_extra"] * config["per_input"] * 4
    while kept < config["max_extra"] and tried < attempts and _time.monotonic() - started < config["total_s"]:
        base = rng.choice(inputs)
        args = list(base)
        for _ in range(1 + (rng.random() < 0.3)):
            if not args:
                break
            i = rng.randrange(len(args))
            args[i] = _mutate(_copy.deepcopy(args[i]), pool, rng)
        args = tuple(args)
        tried += 1
        key = repr(args)
        if key in seen:
            continue
        seen.add(key)
        if not all(shapes[(len(args), i)].allows(v) for i, v in enumerate(args)) or _literal(args) is None:
            continue
        try:
            first = _call(function, args, budget)
            second = _call(function, args, budget)
        except BaseException:  # noqa: BLE001 (the reference's own error, or over its budget: not a test)
            continue
        expected_text = _literal(first)
        if expected_text is None or _literal(second) != expected_text or not _finite(first):
            continue
        text = _assert_text(config, name, args, expected_text, _has_float(first), first)
        if text is None:
            continue
        kept += 1
        _emit({"assert": text})
    done = {"done": True, "base_inputs": len(inputs), "tried": tried, "helper": _CLOSE}
    if config["format"] == "blp":
        done["base_asserts"] = _decode_blp(config["base"])
    _emit(done)


_akkhara_harden(_CONFIG, globals())
assert True
