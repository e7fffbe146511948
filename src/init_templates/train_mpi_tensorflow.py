"""Training script written by `sagespec init --framework tensorflow --distribution mpi`:
TensorFlow with Horovod under mpirun. Replace the model and data with yours.

mpirun starts one process per GPU on every instance and runs this file in each, as
`python train.py --epochs 1 --learning_rate 0.001 --model_dir s3://…` (the manifest's
hyperparameters, and the `model_dir` the SDK adds for TensorFlow); Horovod reads the ranks
mpirun sets. Each input channel is in /opt/ml/input/data/<channel>, and whatever rank 0
saves to /opt/ml/model (SM_MODEL_DIR) is uploaded as model.tar.gz.
"""

import argparse
import os

import horovod.tensorflow.keras as hvd
import tensorflow as tf


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model_dir", default=None, help="set by the SDK; the model is saved to SM_MODEL_DIR")
    return parser.parse_args()


def train(args: argparse.Namespace) -> None:
    hvd.init()
    gpus = tf.config.experimental.list_physical_devices("GPU")
    for gpu in gpus:
        tf.config.experimental.set_memory_growth(gpu, True)
    if gpus:
        tf.config.experimental.set_visible_devices(gpus[hvd.local_rank()], "GPU")

    # Replace with your data (read from args.train) and your model.
    features = tf.random.normal((1024, 16))
    target = tf.random.normal((1024, 1))
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    optimizer = hvd.DistributedOptimizer(tf.keras.optimizers.SGD(args.learning_rate * hvd.size()))
    model.compile(optimizer=optimizer, loss="mse")
    callbacks = [hvd.callbacks.BroadcastGlobalVariablesCallback(0)]
    model.fit(features, target, batch_size=64, epochs=args.epochs, callbacks=callbacks, verbose=hvd.rank() == 0)

    if hvd.rank() == 0:
        model.save(os.path.join(os.environ.get("SM_MODEL_DIR", "model"), "1"))


if __name__ == "__main__":
    train(parse_args())
