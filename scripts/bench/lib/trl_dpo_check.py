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

import torch
import trl
from datasets import load_dataset
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
from trl import DPOConfig, DPOTrainer
from trl.data_utils import is_conversational

TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def texts(value):
    if isinstance(value, str):
        return [value]
    return [message["content"] for message in value]


def tokenizer_for(rows):
    text = "".join(t for row in rows for key in ("prompt", "chosen", "rejected") for t in texts(row[key]))
    specials = ["<pad>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
    vocab = {token: i for i, token in enumerate(specials + sorted(set(text) | set("<|>")))}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<pad>"))
    core.pre_tokenizer = pre_tokenizers.Split("", "isolated")
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="<|end|>")
    tokenizer.add_special_tokens({"additional_special_tokens": specials[2:]})
    tokenizer.chat_template = TEMPLATE
    return tokenizer


def main():
    dataset = load_dataset("json", data_files=sys.argv[1], split="train")
    rows = list(dataset)
    assert rows, "no pairs"
    assert all({"prompt", "chosen", "rejected"} <= set(row) for row in rows), "not TRL's preference format"
    conversational = is_conversational(rows[0])
    assert all(is_conversational(row) == conversational for row in rows), "standard and conversational rows mixed"
    tokenizer = tokenizer_for(rows)
    torch.manual_seed(0)
    model = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tokenizer),
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=1,
            num_attention_heads=2,
            num_key_value_heads=2,
            max_position_embeddings=4096,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
        )
    )
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
