"""Deliberately wrong variants of HumanEval's canonical solutions, for `npm run bench harden`.

Reads tasks (JSONL) on stdin; writes completions (JSONL: task_id, completion, operator) on stdout.
Each variant changes one place of prompt + canonical_solution, in the ways students' and small
models' answers go wrong:
  off-by-one       an integer constant ± 1 (a range's end, a slice, a start value)
  boundary         `<` for `<=` and the reverse, `>` for `>=` and the reverse
  dropped-branch   an `if` whose body never runs (a forgotten special case)
  negated          an `if`/`while` condition negated
  and-or           `and` for `or` and the reverse
  equality         `==` for `!=` and the reverse
  arithmetic       `+` for `-`, `-` for `+`, `*` for `+`, `//` for `%`, `%` for `//`
  dropped-call     abs, sorted, set, reversed, len, int, max, min, sum, str or a method such as
                   lower, upper, strip, split applied no more (its argument or receiver instead)
  first-last       `[0]` for `[-1]` and the reverse
At most PER_OPERATOR of each per task, the first in source order, so the set is the same on every
run. The text is only transformed, never run here; whether a variant is really wrong is decided by
the benchmark (it must fail tests built on EvalPlus's corrected references and contracts).
"""
import ast
import copy
import json
import sys

PER_OPERATOR = 3
SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
EQUALITY = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.FloorDiv: ast.Mod, ast.Mod: ast.FloorDiv}
FUNCTIONS = {"abs", "sorted", "set", "reversed", "len", "int", "max", "min", "sum", "str", "list"}
METHODS = {"lower", "upper", "strip", "split", "lstrip", "rstrip", "isdigit", "isalpha", "items", "keys", "values"}


def droppable(node):
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name):
        return node.func.id in FUNCTIONS and len(node.args) == 1 and not node.keywords
    return isinstance(node.func, ast.Attribute) and node.func.attr in METHODS and not node.args


def sites(tree):
    found = {name: [] for name in ("off-by-one", "boundary", "dropped-branch", "negated", "and-or", "equality", "arithmetic", "dropped-call", "first-last")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is int:
            found["off-by-one"].append(node)
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            found["boundary"].append(node)
        if isinstance(node, ast.Compare) and type(node.ops[0]) in EQUALITY:
            found["equality"].append(node)
        if isinstance(node, ast.If):
            found["dropped-branch"].append(node)
        if isinstance(node, (ast.If, ast.While)):
            found["negated"].append(node)
        if isinstance(node, ast.BoolOp):
            found["and-or"].append(node)
        if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
            found["arithmetic"].append(node)
        if droppable(node):
            found["dropped-call"].append(node)
        if isinstance(node, ast.Subscript) and _index(node.slice) in (0, -1):
            found["first-last"].append(node)
    return found


def _index(node):
    """A subscript's constant integer index, or None."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None
    return value if type(value) is int else None


class _Replace(ast.NodeTransformer):
    def __init__(self, target, replacement):
        self.target, self.replacement = target, replacement

    def visit(self, node):
        if node is self.target:
            return self.replacement
        return self.generic_visit(node)


def mutate(source, operator, index):
    tree = ast.parse(source)
    node = sites(tree)[operator][index]
    if operator == "off-by-one":
        node.value = node.value + 1 if index % 2 == 0 else node.value - 1
    elif operator == "boundary":
        node.ops[0] = SWAPS[type(node.ops[0])]()
    elif operator == "equality":
        node.ops[0] = EQUALITY[type(node.ops[0])]()
    elif operator == "dropped-branch":
        node.test = ast.BoolOp(op=ast.And(), values=[ast.Constant(False), node.test])
    elif operator == "negated":
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
    elif operator == "and-or":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif operator == "arithmetic":
        node.op = ARITHMETIC[type(node.op)]()
    elif operator == "dropped-call":
        inner = node.args[0] if isinstance(node.func, ast.Name) else node.func.value
        tree = _Replace(node, copy.deepcopy(inner)).visit(tree)
    else:
        node.slice = ast.Constant(-1) if isinstance(node.slice, ast.Constant) and node.slice.value == 0 else ast.Constant(0)
    return ast.unparse(ast.fix_missing_locations(tree))


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        source = task["prompt"] + task["canonical_solution"]
        try:
            original = ast.unparse(ast.parse(source))
            counts = {op: len(nodes) for op, nodes in sites(ast.parse(source)).items()}
        except SyntaxError:
            continue
        for operator, count in counts.items():
            for index in range(min(count, PER_OPERATOR)):
                mutant = mutate(source, operator, index)
                if mutant != original:
                    print(json.dumps({"task_id": task["task_id"], "completion": mutant, "operator": operator}))


main()
