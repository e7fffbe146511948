"""Fine-tunes BERT with SageMaker's distributed data-parallel library (placeholder).

`bert-ddp.yaml` runs it with `--lr`; `bert-hpo.yaml` tunes it over `--learning_rate` and
`--batch_size`, and reads the objective from the `val_acc=` line printed after each epoch.
"""

import argparse

import torch.distributed as dist

# SageMaker's data-parallel library (SMDDP): importing it registers the "smddp" backend.
import smdistributed.dataparallel.torch.torch_smddp  # noqa: F401


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--learning_rate", type=float, default=None, help="the tuned learning rate; wins over --lr")
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--model_name", default="bert-base-uncased")
    args = parser.parse_args()
    dist.init_process_group(backend="smddp")  # one process per GPU, started by the SMDDP launcher
    lr = args.learning_rate if args.learning_rate is not None else args.lr
    print(f"training {args.model_name} for {args.epochs} epochs at lr={lr}, batch size {args.batch_size}")
    for epoch in range(1, args.epochs + 1):
        val_acc = 0.0  # placeholder: evaluate on the validation channel here
        # The tuning job's metric definition reads this line: val_acc=([0-9\.]+)
        print(f"epoch={epoch} val_acc={val_acc:.4f}")


if __name__ == "__main__":
    main()
