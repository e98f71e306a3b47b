"""Runs STS calls with boto3 for the Java end-to-end tests.

Reads {"calls": [...]} as JSON on stdin and prints one JSON list with one result per call.
Call kinds:
  identity: get_caller_identity with endpoint, region, access_key, secret_key [, verify]
  presign:  generate_presigned_url('get_caller_identity', HttpMethod='GET', ExpiresIn=expires)
  fetch:    urllib GET of url
A failed call is a result too ({"ok": false, ...}), so one run can check many outcomes.
"""
import json
import sys
import urllib.error
import urllib.request

import boto3
import botocore.config
import botocore.exceptions


def client(call):
    config = botocore.config.Config(
        retries={"max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=15,
        signature_version="v4",
    )
    session = boto3.session.Session(
        aws_access_key_id=call["access_key"],
        aws_secret_access_key=call["secret_key"],
        region_name=call["region"],
    )
    return session.client("sts", endpoint_url=call["endpoint"], config=config, verify=call.get("verify", True))


def identity(call):
    try:
        response = client(call).get_caller_identity()
        return {
            "ok": True,
            "status": response["ResponseMetadata"]["HTTPStatusCode"],
            "identity": {k: response[k] for k in ("UserId", "Account", "Arn")},
        }
    except botocore.exceptions.ClientError as e:
        error = e.response.get("Error", {})
        return {
            "ok": False,
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "code": error.get("Code"),
            "message": error.get("Message"),
        }
    except Exception as e:  # transport failures: TLS, refused connections, garbage responses
        return {"ok": False, "exception": type(e).__name__, "message": str(e)}


def presign(call):
    url = client(call).generate_presigned_url(
        "get_caller_identity", Params={}, ExpiresIn=call["expires"], HttpMethod="GET")
    return {"ok": True, "url": url}


def fetch(call):
    try:
        with urllib.request.urlopen(call["url"], timeout=15) as response:
            return {"ok": True, "status": response.status, "body": response.read().decode("utf-8")}
    except urllib.error.HTTPError as e:
        return {"ok": False, "status": e.code, "body": e.read().decode("utf-8")}


KINDS = {"identity": identity, "presign": presign, "fetch": fetch}

if __name__ == "__main__":
    plan = json.load(sys.stdin)
    print(json.dumps([KINDS[call["kind"]](call) for call in plan["calls"]]))
