"""Fine-tunes BERT with SageMaker's distributed data-parallel library (placeholder)."""

import argparse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--model_name", default="bert-base-uncased")
    args = parser.parse_args()
    print(f"training {args.model_name} for {args.epochs} epochs at lr={args.lr}")


if __name__ == "__main__":
    main()
