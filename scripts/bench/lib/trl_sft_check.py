# Does TRL take an SFT file of Akkhara's as it is? Loads it with `datasets` (the JSON-lines loader a
# trainer's script uses), checks that TRL reads every row as conversational, and trains on it for two
# steps with TRL's SFTTrainer. Nothing is downloaded: the model is a tiny random Llama and the
# tokenizer a character-level one built here, with a chat template (TRL needs one for messages).
# Usage: python trl_sft_check.py sft.jsonl
import json
import sys
import tempfile

import trl
from datasets import load_dataset
from trl import SFTConfig, SFTTrainer
from trl.data_utils import is_conversational

from trl_tiny import tiny_model, tokenizer_for


def main():
    dataset = load_dataset("json", data_files=sys.argv[1], split="train")
    rows = list(dataset)
    assert rows and all(is_conversational(row) for row in rows), "not TRL's conversational format"
    tokenizer = tokenizer_for("".join(m["content"] for row in rows for m in row["messages"]))
    model = tiny_model(tokenizer)
    with tempfile.TemporaryDirectory() as out:
        trainer = SFTTrainer(
            model=model,
            args=SFTConfig(
                output_dir=out,
                max_steps=2,
                per_device_train_batch_size=2,
                max_length=1024,
                report_to=[],
                use_cpu=True,
                save_strategy="no",
                logging_steps=1,
                assistant_only_loss=False,
            ),
            train_dataset=dataset,
            processing_class=tokenizer,
        )
        result = trainer.train()
    print(
        json.dumps(
            {"trl": trl.__version__, "rows": len(rows), "steps": result.global_step, "loss": round(result.training_loss, 3)}
        )
    )


if __name__ == "__main__":
    main()
