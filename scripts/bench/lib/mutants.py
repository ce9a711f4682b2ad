"""Deliberately wrong variants of HumanEval's canonical solutions, for `npm run bench harden`.

Reads tasks (JSONL) on stdin; writes completions (JSONL: task_id, completion, operator) on stdout.
Each mutant changes one place of prompt + canonical_solution: an off-by-one (an integer constant
± 1), a boundary (`<` for `<=` and the reverse, `>` for `>=` and the reverse) or a dropped branch
(an `if` whose body is skipped: `if False and (…)`). At most PER_OPERATOR of each per task, the
first in source order, so the set is the same on every run. The text is only transformed, never
run here.
"""
import ast
import json
import sys

PER_OPERATOR = 3
SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}


def sites(tree):
    found = {"off-by-one": [], "boundary": [], "dropped-branch": []}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is int:
            found["off-by-one"].append(node)
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            found["boundary"].append(node)
        elif isinstance(node, ast.If):
            found["dropped-branch"].append(node)
    return found


def mutate(source, operator, index):
    tree = ast.parse(source)
    node = sites(tree)[operator][index]
    if operator == "off-by-one":
        node.value = node.value + 1 if index % 2 == 0 else node.value - 1
    elif operator == "boundary":
        node.ops[0] = SWAPS[type(node.ops[0])]()
    else:
        node.test = ast.BoolOp(op=ast.And(), values=[ast.Constant(False), node.test])
    return ast.unparse(tree)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        source = task["prompt"] + task["canonical_solution"]
        try:
            counts = {op: len(nodes) for op, nodes in sites(ast.parse(source)).items()}
        except SyntaxError:
            continue
        for operator, count in counts.items():
            for index in range(min(count, PER_OPERATOR)):
                mutant = mutate(source, operator, index)
                if mutant != ast.unparse(ast.parse(source)):
                    print(json.dumps({"task_id": task["task_id"], "completion": mutant, "operator": operator}))


main()
