"""TensorFlow training with SageMaker's data-parallel library (placeholder model)."""

import argparse
import os

# SageMaker's data-parallel library (SMDDP) for TensorFlow.
import smdistributed.dataparallel.tensorflow as sdp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--model_dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    args = parser.parse_args()
    sdp.init()  # one process per GPU, started by the SMDDP launcher
    print(f"rank {sdp.rank()} of {sdp.size()}: training for {args.epochs} epochs, batch size {args.batch_size}")
    print(f"saving to {args.model_dir}")


if __name__ == "__main__":
    main()
