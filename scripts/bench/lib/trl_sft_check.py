# Does TRL take an SFT file of Akkhara's as it is? Loads it with `datasets` (the JSON-lines loader a
# trainer's script uses), checks that TRL reads every row as conversational, and trains on it for two
# steps with TRL's SFTTrainer. Nothing is downloaded: the model is a tiny random Llama and the
# tokenizer a character-level one built here, with a chat template (TRL needs one for messages).
# Usage: python trl_sft_check.py sft.jsonl
import json
import sys
import tempfile

import torch
import trl
from datasets import load_dataset
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
from trl import SFTConfig, SFTTrainer
from trl.data_utils import is_conversational

TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def tokenizer_for(rows):
    text = "".join(m["content"] for row in rows for m in row["messages"])
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
    assert rows and all(is_conversational(row) for row in rows), "not TRL's conversational format"
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
