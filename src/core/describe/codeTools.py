# Akkhara's Python code tools for `akkhara describe`: the functions of a file, the sections of a
# function, and whether a commented version of some code is the same code. Only parses and
# tokenizes (never runs) the text it is given. One JSON request per line on stdin, one JSON answer
# per line on stdout, in order.
import ast
import io
import json
import sys
import tokenize

MAX_SECTIONS = 6


def first_line(node):
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def units(source):
    """The top-level functions and classes, 1-based inclusive lines with their decorators."""
    tree = ast.parse(source)
    found = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append({"name": node.name, "start": first_line(node), "end": node.end_lineno})
    return found


def is_docstring(node):
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def sections(source):
    """The body of the first function or class in `source` (else the module) in sections: each
    compound statement (a loop, a branch, a nested function) alone, the simple statements between
    them together; at most MAX_SECTIONS, neighbours merged evenly beyond that."""
    tree = ast.parse(source)
    body = tree.body
    if len(body) == 1 and isinstance(body[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        body = body[0].body
    body = [node for node in body if not is_docstring(node)]
    groups = []
    for node in body:
        compound = hasattr(node, "body")
        if compound or not groups or groups[-1]["compound"]:
            groups.append({"start": first_line(node), "end": node.end_lineno, "compound": compound})
        else:
            groups[-1]["end"] = node.end_lineno
    spans = [[g["start"], g["end"]] for g in groups]
    if len(spans) > MAX_SECTIONS:
        size = len(spans) / MAX_SECTIONS
        merged = []
        for i in range(MAX_SECTIONS):
            part = spans[round(i * size) : round((i + 1) * size)]
            merged.append([part[0][0], part[-1][1]])
        spans = merged
    return spans


def without_comments(source):
    """The source with every comment taken out: a comment alone on its line takes the line with
    it; a comment after code takes the spaces before it. Also the comments, in order."""
    lines = source.splitlines(keepends=True)
    cuts = {}
    comments = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            cuts[row] = col
            comments.append(token.string[1:].strip())
    kept = []
    for number, line in enumerate(lines, start=1):
        if number not in cuts:
            kept.append(line)
            continue
        code = line[: cuts[number]].rstrip()
        if code:
            ending = line[len(line.rstrip("\r\n")) :]
            kept.append(code + ending)
    return "".join(kept), comments


def check(original, commented):
    """Whether `commented` parses and is `original` once comments are taken out of both; the
    comments it added (those not in the original)."""
    try:
        ast.parse(commented)
    except SyntaxError as error:
        return {"parses": False, "why": f"line {error.lineno}: {error.msg}"}
    try:
        stripped, comments = without_comments(commented)
        bare, own = without_comments(original)
    except (tokenize.TokenError, SyntaxError) as error:
        return {"parses": False, "why": str(error)}
    remaining = list(own)
    added = []
    for comment in comments:
        if comment in remaining:
            remaining.remove(comment)
        else:
            added.append(comment)
    same = stripped.rstrip("\n") == bare.rstrip("\n")
    return {"parses": True, "same": same, "added": added}


OPERATIONS = {
    "units": lambda request: {"units": units(request["source"])},
    "sections": lambda request: {"sections": sections(request["source"])},
    "check": lambda request: check(request["original"], request["commented"]),
}


def main():
    sys.setrecursionlimit(2000)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            answer = OPERATIONS[request["op"]](request)
        except SyntaxError as error:
            answer = {"error": f"line {error.lineno}: {error.msg}"}
        except (RecursionError, MemoryError, ValueError, KeyError, tokenize.TokenError) as error:
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
