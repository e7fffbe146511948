#!/usr/bin/env python3
"""Baseline: botocore's parameter validation of a CreateTrainingJob request, which is what
the AWS CLI does before sending `aws sagemaker create-training-job --cli-input-json`.

    bench/.venv/bin/python bench/botocore_validate.py REQUEST_JSON

Loads botocore's SageMaker service model, then runs ParamValidator over the request
against the CreateTrainingJob input shape. No client, no credentials, no network. Exits 1
with botocore's report when the request is invalid.
"""

import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def main():
    request = json.loads(open(sys.argv[1], encoding="utf-8").read())
    model = botocore.session.get_session().get_service_model("sagemaker")
    shape = model.operation_model("CreateTrainingJob").input_shape
    report = ParamValidator().validate(request, shape)
    if report.has_errors():
        print(report.generate_report(), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
