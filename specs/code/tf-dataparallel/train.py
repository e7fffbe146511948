"""TensorFlow training with SageMaker's data-parallel library (placeholder model)."""

import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--model_dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    args = parser.parse_args()
    # import smdistributed.dataparallel.tensorflow as sdp; sdp.init() in a real script
    print(f"training for {args.epochs} epochs, batch size {args.batch_size}, saving to {args.model_dir}")


if __name__ == "__main__":
    main()
