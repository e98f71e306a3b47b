"""Runs boto3 calls for the Java end-to-end tests of IAM and STS.

Reads {"calls": [...]} as JSON on stdin and prints one JSON list with one result per call. A call is
{"service", "operation" (boto3 method name), "params", "endpoint", "region", "access_key",
"secret_key" [, "session_token"]}. A failed call is a result too: {"ok": false, "status", "code",
"message"}, so one run can check many outcomes.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions


def run(call):
    config = botocore.config.Config(
        retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=15)
    session = boto3.session.Session(
        aws_access_key_id=call["access_key"],
        aws_secret_access_key=call["secret_key"],
        aws_session_token=call.get("session_token"),
        region_name=call["region"],
    )
    client = session.client(call["service"], endpoint_url=call["endpoint"], config=config)
    try:
        response = getattr(client, call["operation"])(**call.get("params", {}))
        status = response.pop("ResponseMetadata", {}).get("HTTPStatusCode")
        return {"ok": True, "status": status, "response": response}
    except botocore.exceptions.ClientError as e:
        error = e.response.get("Error", {})
        return {
            "ok": False,
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "code": error.get("Code"),
            "message": error.get("Message"),
        }


def main():
    plan = json.load(sys.stdin)
    print(json.dumps([run(call) for call in plan["calls"]], default=str))


if __name__ == "__main__":
    main()
