# Does TRL take a DPO file of Akkhara's as it is? Loads it with `datasets` (the JSON-lines loader a
# trainer's script uses), checks that every row is TRL's preference format (prompt, chosen, rejected;
# standard or conversational), and trains on it for two steps with TRL's DPOTrainer. Nothing is
# downloaded: the model is a tiny random Llama and the tokenizer a character-level one built here,
# with a chat template (TRL needs one for messages).
# Usage: python trl_dpo_check.py dpo.jsonl
import copy
import json
import sys
import tempfile

import trl
from datasets import load_dataset
from trl import DPOConfig, DPOTrainer
from trl.data_utils import is_conversational

from trl_tiny import tiny_model, tokenizer_for


def texts(value):
    if isinstance(value, str):
        return [value]
    return [message["content"] for message in value]


def main():
    dataset = load_dataset("json", data_files=sys.argv[1], split="train")
    rows = list(dataset)
    assert rows, "no pairs"
    assert all({"prompt", "chosen", "rejected"} <= set(row) for row in rows), "not TRL's preference format"
    conversational = is_conversational(rows[0])
    assert all(is_conversational(row) == conversational for row in rows), "standard and conversational rows mixed"
    tokenizer = tokenizer_for(
        "".join(t for row in rows for key in ("prompt", "chosen", "rejected") for t in texts(row[key]))
    )
    model = tiny_model(tokenizer)
    with tempfile.TemporaryDirectory() as out:
        # The reference model: a frozen copy (TRL would otherwise load one by the model's name, and a
        # random model has none).
        trainer = DPOTrainer(
            model=model,
            ref_model=copy.deepcopy(model),
            args=DPOConfig(
                output_dir=out,
                max_steps=2,
                per_device_train_batch_size=2,
                max_length=1024,
                report_to=[],
                use_cpu=True,
                save_strategy="no",
                logging_steps=1,
            ),
            train_dataset=dataset,
            processing_class=tokenizer,
        )
        result = trainer.train()
    print(
        json.dumps(
            {
                "trl": trl.__version__,
                "pairs": len(rows),
                "conversational": conversational,
                "steps": result.global_step,
                "loss": round(result.training_loss, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
