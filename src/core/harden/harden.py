# Stronger tests from a reference solution (EvalPlus-style type-aware mutation, Troopers' fuzzed
# asserts). Runs as the "tests" of a sandbox job whose solution is the reference, so everything
# here runs where the sandbox's limits apply. _CONFIG is defined before this text:
#   format     "humaneval" (calls to `candidate` in check()) or "blp" (asserts calling the function)
#   base       the task's tests: HumanEval's test source, or BLP's test_list literal
#   entry      the function's name (HumanEval's entry_point; for BLP, None: the one the asserts call)
#   seed, max_extra, per_input, budget_factor, floor_events, total_s
#   contract   the task's preconditions (EvalPlus's format) or None: then the base inputs' shape
#   inputs     more argument lists to try first (EvalPlus's plus_input), or None
#   generate   False: only those inputs, none of the generator's own
#   reduce     keep only the fewest tests that cover what all of them cover (EvalPlus-mini), with
#   reference  the reference's source, whose mutants the reduced tests must still kill
#   oracles    other solutions' sources; an input where one disagrees is disputed, not asserted
#   seeds      a model's proposed inputs, as the lines it wrote (--seed-model), or None: tried after
#              the given inputs under the same checks as the generator's own; those kept seed the mutation
# What an input may cost is counted in Python events (calls and lines), never in seconds, so one seed
# gives the same tests on any machine and under load; total_s is only a safety net that reports.
# Prints one marked JSON line per new assert or disputed input, then one {"done": …} with counts (the
# reference's own prints, if any, carry no mark).
import ast as _ast
import copy as _copy
import json as _json
import math as _math
import random as _random
import re as _re
import signal as _signal
import sys as _sys
import textwrap as _textwrap


_MARK = "akkhara-harden:"


def _emit(row):
    print(_MARK + _json.dumps(row), flush=True)


class _OverBudget(BaseException):
    """An input costs more than the budget: it is not a test. BaseException, so that a reference's
    own `except Exception` cannot swallow it."""


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


def _walk(value, path, seen):
    """Every (path, value) inside value: path names the nesting ("[]" an item, "k"/"v" a dict's
    key or value), so rules learnt at one depth apply only there."""
    seen.append((path, value))
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _walk(item, path + ("[]",), seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, path + ("k",), seen)
            _walk(item, path + ("v",), seen)
    return seen


def _symbol(character):
    return bool(character) and not character.isalnum() and not character.isspace()


def _string_forms(text):
    """How a text is laid out, where a function's contract often lies unsaid: space at its ends, runs
    of spaces (and whether one is at an end), other whitespace, which symbol starts or ends it. A form
    no base input shows is outside the contract."""
    forms = set()
    if text[:1].isspace():
        forms.add("leading space")
    if text[-1:].isspace():
        forms.add("trailing space")
    if "  " in text:
        forms.add("run of spaces")
    if text[:2] == "  ":
        forms.add("leading run of spaces")
    if text[-2:] == "  ":
        forms.add("trailing run of spaces")
    if any(c.isspace() and c != " " for c in text):
        forms.add("other whitespace")
    # The symbol itself: a sentence shown ending in "!" says nothing of one ending in ",".
    if _symbol(text[:1]):
        forms.add("leading " + text[:1])
    if _symbol(text[-1:]):
        forms.add("trailing " + text[-1:])
    return forms


_BRACKETS = {")": "(", "]": "[", "}": "{"}


def _balanced(text):
    """Whether the brackets in a text open and close in order: None when it has none."""
    stack, seen = [], False
    for character in text:
        if character in "([{":
            stack.append(character)
            seen = True
        elif character in _BRACKETS:
            seen = True
            if not stack or stack.pop() != _BRACKETS[character]:
                return False
    return (not stack) if seen else None


def _prime(n):
    """Miller–Rabin with the bases that decide every n below 3.3 * 10**24: exact, and quick on the
    large numbers a mutation makes."""
    if n < 2:
        return False
    bases = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    if n in bases:
        return True
    if any(n % b == 0 for b in bases):
        return False
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for b in bases:
        x = pow(b, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _composite(value):
    return type(value) is int and value >= 4 and not _prime(value)


def _template(text):
    """A text with each run of digits as one placeholder: what stays when only the numbers change."""
    import re

    return re.sub(r"[0-9]+", "#", text)


def _is_grid(value):
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(row, (list, tuple, str)) for row in value)


def _rectangular(grid):
    return len({len(row) for row in grid}) == 1


def _square(grid):
    return all(len(row) == len(grid) for row in grid)


def _number(value):
    return type(value) in (int, float)


class _Inferred:
    """The contract the base inputs show, never wider than they are: at each argument and depth the
    same types, numbers between the smallest and largest seen (on a side of zero shown by one value,
    only that value), composite integers where all were, a prime in each list where each had one,
    lengths from half the shortest to twice the longest, texts of the same template where all were
    (`N apples and M oranges`), only the characters, spacing and end symbols seen, balanced brackets
    where all were, distinct items where every list seen had them, and the same difference in length
    where two arguments always had one. Used where the task states no contract of its own; the types
    always apply (a function shown only strings is never called with a list)."""

    def __init__(self, inputs):
        self.types, self.numbers, self.lengths = {}, {}, {}
        self.characters, self.distinct, self.forms, self.words = {}, {}, {}, {}
        self.grids, self.templates = {}, {}
        self.brackets, self.integers, self.sides, self.with_prime = {}, {}, {}, {}
        for args in inputs:
            for at, value in enumerate(args):
                for path, item in _walk(value, (len(args), at), []):
                    self.types.setdefault(path, set()).add(type(item))
                    if _number(item):
                        low, high = self.numbers.get(path, (item, item))
                        self.numbers[path] = (min(low, item), max(high, item))
                        if item:
                            self.sides.setdefault((path, item > 0), set()).add(item)
                    if type(item) is int:
                        self.integers.setdefault(path, set()).add(item)
                    if isinstance(item, (str, list, tuple, dict, set)):
                        low, high = self.lengths.get(path, (len(item), len(item)))
                        self.lengths[path] = (min(low, len(item)), max(high, len(item)))
                    if type(item) is str:
                        self.characters.setdefault(path, set()).update(item)
                        self.forms.setdefault(path, set()).update(_string_forms(item))
                        self.words.setdefault(path, []).extend(item.split())
                        self.templates.setdefault(path, []).append(_template(item))
                        balanced = _balanced(item)
                        if balanced is not None:
                            shown = self.brackets.setdefault(path, [0, True])
                            shown[0] += 1
                            shown[1] = shown[1] and balanced
                    if _is_grid(item):
                        shown = self.grids.setdefault(path, [0, True, True])
                        shown[0] += 1
                        shown[1] = shown[1] and _rectangular(item)
                        shown[2] = shown[2] and _square(item)
                    if isinstance(item, (list, tuple)) and item and all(type(x) is int for x in item):
                        shown = self.with_prime.setdefault(path, [0, True])
                        shown[0] += 1
                        shown[1] = shown[1] and any(_prime(x) for x in item)
                    if isinstance(item, (list, tuple)) and len(item) >= 2:
                        shown = self.distinct.setdefault(path, [0, True])
                        shown[0] += 1
                        shown[1] = shown[1] and len({repr(x) for x in item}) == len(item)
        # Integers that were all composite (n "is not a prime"), decided once: each candidate asks.
        self.composite = {
            path for path, seen in self.integers.items() if len(seen) >= 4 and all(_composite(n) for n in seen)
        }
        # Two arguments whose lengths always differ by the same amount (equal lists; operators and
        # one operand more) keep that difference.
        self.length_gaps = set()
        sized = lambda v: isinstance(v, (str, list, tuple, dict))
        for n in {len(args) for args in inputs}:
            group = [args for args in inputs if len(args) == n]
            for i in range(n):
                for j in range(i + 1, n):
                    if len(group) < 2 or not all(sized(a[i]) and sized(a[j]) for a in group):
                        continue
                    gaps = {len(a[j]) - len(a[i]) for a in group}
                    if len(gaps) == 1:
                        self.length_gaps.add((n, i, j, gaps.pop()))

    def _string_allowed(self, path, text):
        if not set(text) <= self.characters[path] or not _string_forms(text) <= self.forms[path]:
            return False
        # Several texts seen, all of one template: only their numbers change.
        templates = self.templates[path]
        if len(templates) >= 2 and len(set(templates)) == 1 and _template(text) != templates[0]:
            return False
        # Brackets that always closed in order (nested groups, expressions) still do.
        shown = self.brackets.get(path)
        if shown and shown[0] >= 2 and shown[1] and _balanced(text) is False:
            return False
        # Words from a small vocabulary (notes, numerals, operators) stay within it.
        words = self.words[path]
        vocabulary = set(words)
        return len(words) < 2 * len(vocabulary) or set(text.split()) <= vocabulary

    def _number_allowed(self, path, value):
        low, high = self.numbers[path]
        # Counts shown from 5 up say little of 4: positive integers reach down to half the smallest,
        # never up (a contract's upper bound, "at most 1000", is the more common).
        if type(value) is int and type(low) is int and low > 0:
            low = max(1, low // 2)
        if not low <= value <= high:
            return False
        # One value on a side of zero shows that side no wider than itself (HumanEval/97's one
        # negative argument does not make every negative one valid: Python's % and // turn there).
        side = self.sides.get((path, value > 0), set())
        if value and len(side) == 1 and value not in side:
            return False
        # Integers that were all composite (n "is not a prime") stay composite.
        if type(value) is int and path in self.composite:
            return _composite(value)
        return True

    def types_allow(self, args):
        return all(
            type(item) in self.types.get(path, ())
            for at, value in enumerate(args)
            for path, item in _walk(value, (len(args), at), [])
        )

    def allows(self, args):
        if not self.types_allow(args):
            return False
        for at, value in enumerate(args):
            for path, item in _walk(value, (len(args), at), []):
                if _number(item) and not self._number_allowed(path, item):
                    return False
                if isinstance(item, (str, list, tuple, dict, set)):
                    # Lengths are weaker evidence than values (one example shows one length): from
                    # half the shortest to twice the longest.
                    low, high = self.lengths[path]
                    if not min(low, max(1, low // 2)) <= len(item) <= 2 * high:
                        return False
                if type(item) is str and not self._string_allowed(path, item):
                    return False
                grid = self.grids.get(path)
                if _is_grid(item) and grid and grid[0] >= 2:
                    # Rows of one length, or as many as the rows (an N×N grid), where every grid seen was.
                    if (grid[1] and not _rectangular(item)) or (grid[2] and not _square(item)):
                        return False
                # Lists of integers that each held a prime ("the largest prime in the list") still do.
                shown = self.with_prime.get(path)
                if isinstance(item, (list, tuple)) and shown and shown[0] >= 3 and shown[1]:
                    if not any(type(x) is int and _prime(x) for x in item):
                        return False
                shown = self.distinct.get(path)
                if isinstance(item, (list, tuple)) and shown and shown[0] >= 3 and shown[1]:
                    if len({repr(x) for x in item}) != len(item):
                        return False
        return all(len(args[j]) - len(args[i]) == gap for n, i, j, gap in self.length_gaps if n == len(args))


def _answers_allowed(shown):
    """Where the base tests' answers were all numbers of one sign, an input the reference answers
    with the other sign is outside what the task was written for (HumanEval/67: "n" at least the
    fruit named, which no base input breaks, shows only in a negative count). Decided once, from the
    base answers: a test on a candidate's answer."""
    if len(shown) < 3 or not all(_number(value) for value in shown):
        return lambda output: True
    if all(value > 0 for value in shown):
        return lambda output: not _number(output) or output > 0
    if all(value >= 0 for value in shown):
        return lambda output: not _number(output) or output >= 0
    return lambda output: True


def _contract_checker(contract, function, namespace):
    """The task's own contract (EvalPlus's format: Python asserts on the arguments, as the first
    lines of the function's body) as a predicate on an argument tuple, or None."""
    if not contract or not contract.strip():
        return None
    import inspect

    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None
    lines = [line for line in contract.split("\n") if line.strip()]
    body = _textwrap.indent(_textwrap.dedent("\n".join(lines)), "    ")
    source = "def _akkhara_contract(" + ", ".join(names) + "):\n" + body + "\n    return True\n"
    space = dict(namespace)
    exec(compile(source, "<contract>", "exec"), space)
    return space["_akkhara_contract"]


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


class _SafetyNet(BaseException):
    """The wall clock ran out: a report that the task is left as it was, never a filter."""


def _on_alarm(signum, frame):
    raise _SafetyNet()


def _counted(function, args, limit):
    """(function(*args), events used), counting Python calls and lines with sys.settrace: what an
    input may cost is a number that is the same on any machine and under any load, unlike the
    wall clock. Over `limit` the call is stopped with _OverBudget."""
    left = [limit]

    def tracer(frame, event, arg):
        left[0] -= 1
        if left[0] < 0:
            raise _OverBudget()
        return tracer

    _sys.settrace(tracer)
    try:
        value = function(*_copy.deepcopy(args))
    finally:
        _sys.settrace(None)
    return value, limit - left[0]


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


def _edges(value):
    """The edge cases students' and small models' bugs meet, near one base value: empty, 0 and 1,
    negatives, single items, duplicates, order, case. Each must still pass the contract."""
    kind = type(value)
    if kind is bool:
        return [not value]
    if kind is int:
        return [0, 1, -1, 2, value + 1, value - 1, -value, value * 10, 10**6]
    if kind is float:
        return [0.0, 1.0, -1.0, 0.5, -value, value + 0.5, value * 10]
    if kind is str:
        return ["", value[:1], value.upper(), value.lower(), value.swapcase(), value + value, value[::-1], " " + value, value + " "]
    if kind in (list, tuple):
        items = list(value)
        shapes = [[], items[:1], items + items[-1:], items[:1] + items, sorted(items, key=repr), items[::-1], items + items]
        return [kind(v) for v in shapes]
    if kind is dict:
        keys = list(value)
        return [{}, {k: value[k] for k in keys[:1]}, {k: value[k] for k in keys[::-1]}]
    return []


def _edge_inputs(inputs):
    """Each base input with one argument replaced by one of its edge cases, in a fixed order."""
    for args in inputs:
        for at, value in enumerate(args):
            for edge in _edges(value):
                yield args[:at] + (edge,) + args[at + 1 :]


def _seed_inputs(lines, arity):
    """A model's lines as argument tuples: `(1, [2])`, `f(1, [2])`, or a bare value for a function of
    one argument. Only literals are read (ast.literal_eval); anything else is dropped."""
    seeds = []
    for line in lines or []:
        text = line.strip().rstrip(",;")
        call = _re.match(r"^[A-Za-z_]\w*\s*\((.*)\)$", text, _re.S)
        try:
            if call:
                args = _ast.literal_eval("(" + call.group(1) + ",)") if call.group(1).strip() else ()
            else:
                value = _ast.literal_eval(text)
                args = value if isinstance(value, tuple) and len(value) == arity else (value,)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if len(args) == arity and args not in seeds:
            seeds.append(args)
    return seeds


def _random_inputs(inputs, pool, rng):
    while True:
        args = list(rng.choice(inputs))
        for _ in range(1 + (rng.random() < 0.3)):
            if not args:
                break
            i = rng.randrange(len(args))
            args[i] = _mutate(_copy.deepcopy(args[i]), pool, rng)
        yield tuple(args)


def _same(a, b):
    """The reference's output and an oracle's agree: equal, floats within 1e-6 as the asserts compare."""
    if isinstance(b, float) or isinstance(a, float):
        return _number(a) and _number(b) and _math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _oracles(config, name):
    """The other solutions the reference is checked against (a second reference, models'
    answers that pass the base tests): each in a namespace of its own."""
    functions = []
    for source in config.get("oracles") or []:
        space = {"__name__": "__akkhara_oracle__"}
        try:
            exec(compile(source, "<oracle>", "exec"), space)
        except BaseException:  # noqa: BLE001 (an oracle that does not even load is no oracle)
            continue
        if callable(space.get(name)):
            functions.append(space[name])
    return functions


_ARITHMETIC = {_ast.Add: _ast.Sub, _ast.Sub: _ast.Add, _ast.Mult: _ast.Add, _ast.FloorDiv: _ast.Mod, _ast.Mod: _ast.FloorDiv}
_COMPARISONS = {_ast.Lt: _ast.LtE, _ast.LtE: _ast.Lt, _ast.Gt: _ast.GtE, _ast.GtE: _ast.Gt, _ast.Eq: _ast.NotEq, _ast.NotEq: _ast.Eq}
_MUTANTS = 60


_DROPPABLE = {"abs", "sorted", "set", "reversed", "len", "int", "max", "min", "sum", "str", "list", "lower", "upper", "strip", "split"}


def _mutations(node):
    """The small changes one node allows, as functions that apply one in place (or return a replacement)."""
    changes = []
    if isinstance(node, _ast.Constant) and type(node.value) is int:
        changes += [lambda n: setattr(n, "value", n.value + 1), lambda n: setattr(n, "value", n.value - 1)]
    if isinstance(node, _ast.Compare) and type(node.ops[0]) in _COMPARISONS:
        changes.append(lambda n: n.ops.__setitem__(0, _COMPARISONS[type(n.ops[0])]()))
    if isinstance(node, _ast.BoolOp):
        changes.append(lambda n: setattr(n, "op", _ast.Or() if isinstance(n.op, _ast.And) else _ast.And()))
    if isinstance(node, _ast.BinOp) and type(node.op) in _ARITHMETIC:
        changes.append(lambda n: setattr(n, "op", _ARITHMETIC[type(n.op)]()))
    if isinstance(node, (_ast.If, _ast.While)):
        changes.append(lambda n: setattr(n, "test", _ast.UnaryOp(op=_ast.Not(), operand=n.test)))
    if isinstance(node, _ast.If):
        changes.append(lambda n: setattr(n, "test", _ast.Constant(False)))
    if isinstance(node, _ast.Call) and not node.keywords:
        if isinstance(node.func, _ast.Name) and node.func.id in _DROPPABLE and len(node.args) == 1:
            changes.append(lambda n: n.args[0])
        elif isinstance(node.func, _ast.Attribute) and node.func.attr in _DROPPABLE and not node.args:
            changes.append(lambda n: n.func.value)
    return changes


class _Swap(_ast.NodeTransformer):
    def __init__(self, target, replacement):
        self.target, self.replacement = target, replacement

    def visit(self, node):
        return self.replacement if node is self.target else self.generic_visit(node)


def _mutant_sources(source):
    """Up to _MUTANTS variants of the reference, one small change each (a constant ± 1, a comparison,
    `and`/`or`, an arithmetic operator, a negated or skipped condition, a call left out), in source
    order: what the reduced tests must still tell apart."""
    try:
        count = sum(len(_mutations(node)) for node in _ast.walk(_ast.parse(source)))
    except SyntaxError:
        return []
    variants = []
    for index in range(count):
        tree = _ast.parse(source)
        sites = [(node, change) for node in _ast.walk(tree) for change in _mutations(node)]
        node, change = sites[index]
        replacement = change(node)
        if replacement is not None:
            tree = _Swap(node, replacement).visit(tree)
        try:
            variants.append(_ast.unparse(_ast.fix_missing_locations(tree)))
        except Exception:  # noqa: BLE001 (a change that leaves no valid program)
            continue
        if len(variants) == _MUTANTS:
            break
    return variants


def _lines(function, args, budget, namespace):
    """The reference's lines one input runs (its own module's, not the libraries')."""
    seen = set()

    def tracer(frame, event, arg):
        if frame.f_globals is namespace:
            if event == "line":
                seen.add((frame.f_code.co_name, frame.f_lineno))
            return tracer
        return None

    _sys.settrace(tracer)
    try:
        function(*_copy.deepcopy(args))
    except _SafetyNet:
        raise
    except BaseException:  # noqa: BLE001 (what it ran until then still counts)
        pass
    finally:
        _sys.settrace(None)
    return seen


def _reduce(config, name, function, inputs, tests, budget, namespace):
    """EvalPlus-mini's reduction: the fewest extra tests (greedy set cover, first in order on ties)
    that cover every line of the reference and kill every mutant of it that the full set covers or
    kills, beyond what the base inputs already do. Returns the chosen indices and the counts."""
    mutants = []
    for source in _mutant_sources(config.get("reference") or ""):
        space = {"__name__": "__akkhara_mutant__"}
        try:
            exec(compile(source, "<mutant>", "exec"), space)
        except BaseException:  # noqa: BLE001 (a mutant that does not load tells nothing apart)
            continue
        if callable(space.get(name)):
            mutants.append(space[name])

    def kills(mutant, args, expected):
        try:
            return not _same(expected, _counted(mutant, args, budget)[0])
        except _SafetyNet:
            raise
        except BaseException:  # noqa: BLE001 (raising, or over the budget, where the reference answers)
            return True

    def requirements(args, expected):
        covered = {("line",) + line for line in _lines(function, args, budget, namespace)}
        return covered | {("mutant", i) for i, mutant in enumerate(mutants) if kills(mutant, args, expected)}

    done_by_base = set()
    for args in inputs:
        try:
            done_by_base |= requirements(args, _counted(function, args, budget)[0])
        except _SafetyNet:
            raise
        except BaseException:  # noqa: BLE001 (a base input the reference cannot answer covers nothing)
            pass
    each = [requirements(args, expected) - done_by_base for args, expected, _ in tests]
    left = set().union(*each)
    chosen = []
    while left:
        best = max(range(len(tests)), key=lambda i: (len(each[i] & left), -i))
        chosen.append(best)
        left -= each[best]
    chosen.sort()
    killed = {r for r in set().union(done_by_base, *each) if r[0] == "mutant"}
    return chosen, {"from": len(tests), "to": len(chosen), "mutants": len(mutants), "killed": len(killed)}


def _akkhara_harden(config, namespace):
    if config["format"] == "humaneval":
        name, inputs = config["entry"], _base_inputs(config, namespace)[1]
    else:
        name, inputs = _base_inputs(config, namespace)
    function = namespace.get(name) if name else None
    if not callable(function) or not inputs:
        _emit({"done": True, "base_inputs": len(inputs), "tried": 0, "reason": "no literal inputs in its tests"})
        return
    _signal.signal(_signal.SIGALRM, _on_alarm)
    _signal.setitimer(_signal.ITIMER_REAL, config["total_s"])
    try:
        _generate(config, name, function, inputs, namespace)
    except _SafetyNet:
        _emit(
            {
                "done": True,
                "base_inputs": len(inputs),
                "stopped": True,
                "reason": f"the generator passed its safety net of {config['total_s']:g} s",
            }
        )
    finally:
        _signal.setitimer(_signal.ITIMER_REAL, 0)


def _generate(config, name, function, inputs, namespace):
    rng = _random.Random(config["seed"])
    slowest = 0
    outputs = []
    for args in inputs:
        output, events = _counted(function, args, 10**9)
        slowest = max(slowest, events)
        outputs.append(output)
    budget = max(slowest * config["budget_factor"], config["floor_events"])
    contract = _contract_checker(config.get("contract"), function, namespace)
    inferred = _Inferred(inputs)
    answer_allowed = _answers_allowed(outputs)
    oracles = _oracles(config, name)
    pool = {}
    for args in inputs:
        for value in args:
            _collect(value, pool)
    seen = {repr(args) for args in inputs}
    seeds = _seed_inputs(config.get("seeds"), len(inputs[0]))
    # The mutation draws from the base inputs and from each model seed once it is kept as a test.
    mutation_base = list(inputs)
    counts = {"tried": 0, "out_of_contract": 0, "over_budget": 0, "disputed_inputs": 0}
    kept = 0
    tests = []
    attempts = config["max_extra"] * config["per_input"] * 4 + len(config.get("inputs") or []) + len(config.get("seeds") or [])

    # Given inputs (EvalPlus's) answer to the task's contract alone; the generator's own also to the
    # types the base inputs show.
    def candidates():
        for args in config.get("inputs") or []:
            yield tuple(args), True
        if config.get("generate", True):
            for args in seeds:
                yield args, False
            for args in _edge_inputs(inputs):
                yield args, False
            for args in _random_inputs(mutation_base, pool, rng):
                yield args, False

    for args, given in candidates():
        if kept >= config["max_extra"] or counts["tried"] >= attempts:
            break
        counts["tried"] += 1
        key = repr(args)
        if key in seen:
            continue
        seen.add(key)
        if _literal(args) is None:
            continue
        if contract is not None:
            try:
                allowed = (given or inferred.types_allow(args)) and _counted(contract, args, budget)[0] is True
            except _SafetyNet:
                raise
            except BaseException:  # noqa: BLE001 (an assert of the contract, or its own error)
                allowed = False
        else:
            allowed = given or inferred.allows(args)
        if not allowed:
            counts["out_of_contract"] += 1
            continue
        try:
            first = _counted(function, args, budget)[0]
            second = _counted(function, args, budget)[0]
        except _SafetyNet:
            raise
        except _OverBudget:
            counts["over_budget"] += 1
            continue
        except BaseException:  # noqa: BLE001 (the reference's own error: not a test)
            continue
        expected_text = _literal(first)
        if expected_text is None or _literal(second) != expected_text or not _finite(first):
            continue
        if contract is None and not given and not answer_allowed(first):
            counts["out_of_contract"] += 1
            continue
        answers = []
        for oracle in oracles:
            try:
                answers.append(_counted(oracle, args, budget)[0])
            except _SafetyNet:
                raise
            except BaseException as error:  # noqa: BLE001 (an oracle that fails here disagrees)
                answers.append(error)
        differing = [a for a in answers if isinstance(a, BaseException) or not _same(first, a)]
        if differing:
            counts["disputed_inputs"] += 1
            _emit(
                {
                    "disputed": {
                        "input": repr(args),
                        "reference": expected_text,
                        "others": [
                            f"raises {type(a).__name__}" if isinstance(a, BaseException) else (_literal(a) or repr(a)[:2000])
                            for a in differing
                        ],
                    }
                }
            )
            continue
        text = _assert_text(config, name, args, expected_text, _has_float(first), first)
        if text is None:
            continue
        kept += 1
        tests.append((args, first, text))
        if args in seeds:
            mutation_base.append(args)
            for value in args:
                _collect(value, pool)
    done = {"done": True, "base_inputs": len(inputs), "helper": _CLOSE, **counts}
    if config.get("reduce") and tests:
        chosen, done["reduction"] = _reduce(config, name, function, inputs, tests, budget, namespace)
        tests = [tests[i] for i in chosen]
    for _, _, text in tests:
        _emit({"assert": text})
    if config["format"] == "blp":
        done["base_asserts"] = _decode_blp(config["base"])
    _emit(done)


_akkhara_harden(_CONFIG, globals())
assert True
