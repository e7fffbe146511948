"""Serves the fine-tuned BERT classifier that code/bert/train.py saves.

The PyTorch inference container (TorchServe) calls these four functions; the model
artifact is unpacked into model_dir, and this file is in model_dir/code/ after sagespec
repacks the artifact, as the SageMaker Python SDK does.
"""
import json
import os

import torch


def model_fn(model_dir):
    """Loads the model train.py saved as model.pt."""
    model = torch.jit.load(os.path.join(model_dir, "model.pt"), map_location="cpu")
    model.eval()
    return model


def input_fn(request_body, content_type="application/json"):
    """Reads {"input_ids": [[...]], "attention_mask": [[...]]}."""
    if content_type != "application/json":
        raise ValueError(f"unsupported content type {content_type}")
    payload = json.loads(request_body)
    return torch.tensor(payload["input_ids"]), torch.tensor(payload["attention_mask"])


def predict_fn(inputs, model):
    input_ids, attention_mask = inputs
    with torch.no_grad():
        logits = model(input_ids, attention_mask)
    return logits.softmax(dim=-1)


def output_fn(prediction, accept="application/json"):
    return json.dumps({"probabilities": prediction.tolist()}), accept
