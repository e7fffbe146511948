"""DistilBERT fine-tuning (the `sagespec init` template: replace the body of `train`).

SageMaker runs it once per instance as `python train.py --epochs 1 --learning_rate 0.001`
(the manifest's hyperparameters; for TensorFlow the SDK adds `--model_dir s3://…`), with
each input channel in /opt/ml/input/data/<channel>, and uploads whatever is saved to
/opt/ml/model (SM_MODEL_DIR) as model.tar.gz under the manifest's output_path.
"""

import argparse
import os


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model_dir", default=None, help="set by the SDK for TensorFlow; save to SM_MODEL_DIR")
    return parser.parse_args()


def train(args: argparse.Namespace) -> None:
    print(f"training for {args.epochs} epochs at learning rate {args.learning_rate}")
    print(f"data in {args.train}")
    model_dir = os.environ.get("SM_MODEL_DIR", "model")
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "README.txt"), "w", encoding="utf-8") as model:
        model.write("replace with your model\n")


if __name__ == "__main__":
    train(parse_args())
