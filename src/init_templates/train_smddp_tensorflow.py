"""Training script written by `sagespec init --framework tensorflow --distribution
dataparallel`: TensorFlow adapted to SageMaker's distributed data-parallel library (SMDDP).
Replace the model and data with yours.

The library's launcher starts one process per GPU on every instance and runs this file in
each, as `python train.py --epochs 1 --learning_rate 0.001 --model_dir s3://…` (the
manifest's hyperparameters, and the `model_dir` the SDK adds for TensorFlow); each input
channel is in /opt/ml/input/data/<channel>, and whatever rank 0 saves to /opt/ml/model
(SM_MODEL_DIR) is uploaded as model.tar.gz. The adaptation steps of the library's guide are
marked 1 to 6.
"""

import argparse
import os

import tensorflow as tf

# 1. Import the library's TensorFlow client.
import smdistributed.dataparallel.tensorflow as sdp


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "data/train"))
    parser.add_argument("--model_dir", default=None, help="set by the SDK; the model is saved to SM_MODEL_DIR")
    return parser.parse_args()


def train(args: argparse.Namespace) -> None:
    # 1. Initialise the library.
    sdp.init()
    # 2. Pin each process to its own GPU.
    gpus = tf.config.experimental.list_physical_devices("GPU")
    for gpu in gpus:
        tf.config.experimental.set_memory_growth(gpu, True)
    if gpus:
        tf.config.experimental.set_visible_devices(gpus[sdp.local_rank()], "GPU")

    # Replace with your data (read from args.train) and your model.
    features = tf.random.normal((1024, 16))
    target = tf.random.normal((1024, 1))
    dataset = tf.data.Dataset.from_tensor_slices((features, target)).shard(sdp.size(), sdp.rank()).batch(64)
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    # 3. Scale the learning rate by the number of processes.
    optimizer = tf.keras.optimizers.SGD(args.learning_rate * sdp.size())

    @tf.function
    def step(batch_features, batch_target, first_batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(batch_features, training=True) - batch_target))
        # 4. Average the gradients across processes.
        tape = sdp.DistributedGradientTape(tape)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        # 5. Start every process from rank 0's weights.
        if first_batch:
            sdp.broadcast_variables(model.variables, root_rank=0)
            sdp.broadcast_variables(optimizer.variables(), root_rank=0)
        return loss

    for epoch in range(args.epochs):
        for batch, (batch_features, batch_target) in enumerate(dataset):
            loss = step(batch_features, batch_target, epoch == 0 and batch == 0)
        if sdp.rank() == 0:
            print(f"epoch {epoch}: loss={float(loss):.4f}")

    # 6. Save on rank 0 only.
    if sdp.rank() == 0:
        model.save(os.path.join(os.environ.get("SM_MODEL_DIR", "model"), "1"))


if __name__ == "__main__":
    train(parse_args())
