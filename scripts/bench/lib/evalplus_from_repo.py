"""EvalPlus's HumanEval+ data in the release's shape (task_id, canonical_solution, contract,
base_input, plus_input, atol), assembled from the history of EvalPlus's own repository (Apache-2.0):
its HumanEvalPlus.jsonl at commit 8939a53 (the corrected references and contracts, in task order)
and HumanEvalPlusInputs.jsonl (100 LLM-seeded inputs per task, before EvalPlus's type mutation).
Where the release file (HumanEvalPlus-v0.1.10.jsonl.gz, gunzipped) can be downloaded, use it instead.

    python3 scripts/bench/lib/evalplus_from_repo.py <a clone or mirror of evalplus/evalplus> > HumanEvalPlus.jsonl
"""
import json
import subprocess
import sys

COMMIT = "8939a533d9fba07b4ae77e645a9b1a2c2e4b335e"


def show(repo, name):
    return subprocess.run(
        ["git", "-C", repo, "show", f"{COMMIT}:{name}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main():
    repo = sys.argv[1]
    tasks = [json.loads(line) for line in show(repo, "HumanEvalPlus.jsonl").splitlines() if line.strip()]
    inputs = {}
    for line in show(repo, "HumanEvalPlusInputs.jsonl").splitlines():
        if line.strip():
            row = json.loads(line)
            inputs[row["task_id"].replace("_", "/")] = row["inputs"]
    for number, task in enumerate(tasks):
        task_id = f"HumanEval/{number}"
        row = {
            "task_id": task_id,
            "canonical_solution": task["reference"],
            "contract": task["contract"],
            "base_input": task["base_input"],
            "atol": task["atol"],
        }
        if task_id in inputs:
            row["plus_input"] = inputs[task_id]
        print(json.dumps(row))


main()
