"""EvalPlus's type-aware mutation inputs, made by EvalPlus's own generator, for the benchmark's
comparison with "EvalPlus's inputs": the release's plus_input holds, per task, the LLM-seeded inputs
and then inputs of EvalPlus's TypedMutGen seeded with them (evalplus/inputgen.py). The assembled
file of evalplus_from_repo.py has only the first kind; this adds the second, by running EvalPlus's
code from a checkout of it (Apache-2.0; nothing of it is copied here), as its inputgen.py does:
the seeds are the base and LLM inputs, the contract checks each new input.

    python3 scripts/bench/lib/evalplus_typemut.py <evalplus source folder> <mHumanEval set> \
        < HumanEvalPlus.jsonl > HumanEvalPlus.typemut.jsonl

The Python that runs it needs multipledispatch (EvalPlus's own dependency). Each task's mutation
starts from a seed of its own (its number), so the file is the same on every run; EvalPlus's
generator stops a task after its time limit, here 20 s.
"""
import contextlib
import json
import random
import sys

PER_TASK = 100
SECONDS = 20


def main():
    sys.path.insert(0, sys.argv[1])
    sys.setrecursionlimit(10000)
    from evalplus.gen.type_mut import TypedMutGen

    prompts = {}
    with open(sys.argv[2], encoding="utf-8") as tasks:
        for line in tasks:
            if line.strip():
                task = json.loads(line)
                prompts[task["task_id"]] = (task["prompt"], task["entry_point"])
    for number, line in enumerate(sys.stdin):
        if not line.strip():
            continue
        row = json.loads(line)
        prompt, entry_point = prompts[row["task_id"]]
        seeds = list(row["base_input"]) + list(row.get("plus_input") or [])
        code = prompt + (row.get("contract") or "") + row["canonical_solution"]
        random.seed(number)
        generator = TypedMutGen(seeds, entry_point, code)
        generator.timeout = SECONDS
        try:
            # EvalPlus's generator reports its progress on standard output, where the rows go.
            with contextlib.redirect_stdout(sys.stderr):
                mutated = generator.generate(PER_TASK)
        except Exception as error:  # noqa: BLE001 (a task EvalPlus's generator cannot mutate keeps its seeds)
            print(f"{row['task_id']}: no type-mutated inputs ({type(error).__name__})", file=sys.stderr)
            mutated = []
        row["plus_input"] = list(row.get("plus_input") or []) + [list(args) for args in mutated]
        print(json.dumps(row, default=list), flush=True)


main()
