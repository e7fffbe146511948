"""Training script written by `sagespec init`: replace the body of `train` with yours.

SageMaker runs it as `python train.py --epochs 1 --learning_rate 0.001` (the manifest's
hyperparameters), with each input channel in /opt/ml/input/data/<channel>, and uploads
whatever is saved to /opt/ml/model as model.tar.gz under the manifest's output_path. With a
distribution strategy every process runs this file; the launcher (SMDDP, torchrun or
mpirun) sets the rank variables.
"""

import argparse
import os


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    return parser.parse_args()


def train(args: argparse.Namespace) -> None:
    rank = int(os.environ.get("RANK", os.environ.get("OMPI_COMM_WORLD_RANK", "0")))
    print(f"rank {rank}: training for {args.epochs} epochs at learning rate {args.learning_rate}")
    print(f"rank {rank}: data in {args.train}")
    if rank == 0:
        os.makedirs(args.model_dir, exist_ok=True)
        with open(os.path.join(args.model_dir, "README.txt"), "w", encoding="utf-8") as model:
            model.write("replace with your model\n")


if __name__ == "__main__":
    train(parse_args())
