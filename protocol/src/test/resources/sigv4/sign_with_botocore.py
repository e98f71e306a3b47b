#!/usr/bin/env python3
"""Signs a fixed set of requests with botocore's own SigV4 signers and prints them as JSON.

The output is the golden-vector file botocore-vectors.json next to this script; the Java test
BotocoreVectorsTest verifies both the committed file and a fresh run of this script, so a change
in botocore's canonicalization shows up as a failing test. Usage:

    python3 sign_with_botocore.py > botocore-vectors.json
"""
import base64
import datetime
import hashlib
import json
import sys
from urllib.parse import urlsplit

import botocore
import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

SIGNED_AT = datetime.datetime(2024, 1, 1, 12, 0, 0)
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# botocore reads the clock through this module-level function; pin it for reproducible signatures.
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: SIGNED_AT


def sign(name, method, url, service, region, headers=None, body=b"", token=None,
         presign_expires=None, payload_signing=True, verify_after_seconds=30):
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    request = AWSRequest(method=method, url=url, headers=dict(headers or {}), data=body)
    if not payload_signing:
        request.context["payload_signing_enabled"] = False
    if presign_expires is None:
        SigV4Auth(credentials, service, region).add_auth(request)
    else:
        SigV4QueryAuth(credentials, service, region, expires=presign_expires).add_auth(request)
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    wire_headers = [["Host", botocore.auth._host_from_url(prepared.url)]]
    for header_name, value in prepared.headers.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        wire_headers.append([header_name, value])
    raw_body = prepared.body or b""
    if isinstance(raw_body, str):
        raw_body = raw_body.encode("utf-8")
    verify_at = SIGNED_AT + datetime.timedelta(seconds=verify_after_seconds)
    return {
        "name": name,
        "method": method,
        "path": parts.path or "/",
        "query": parts.query,
        "headers": wire_headers,
        "bodyBase64": base64.b64encode(raw_body).decode("ascii"),
        "accessKeyId": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "region": region,
        "service": service,
        "verifyAt": verify_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def vectors():
    kms_body = json.dumps({"KeyId": "alias/app", "Plaintext": "aGVsbG8="}).encode()
    sts_body = b"Action=GetCallerIdentity&Version=2011-06-15"
    awkward = percent_encode_sequence([
        ("b", "x y"),
        ("a", "\u00fc\u2211\U0001F600"),
        ("tilde~", "~*"),
        ("rep", "2"),
        ("rep", "1"),
        ("empty", ""),
        ("star*", "a+b/c"),
        ("Z", "upper"),
    ])
    out = [
        sign("kms_json11_encrypt", "POST", "https://kms.us-east-1.amazonaws.com/", "kms", "us-east-1",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Encrypt"},
             body=kms_body),
        sign("sts_query_get_caller_identity", "POST", "https://sts.amazonaws.com/", "sts", "us-east-1",
             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, body=sts_body),
        sign("get_awkward_query", "GET", "https://ssm.eu-west-1.amazonaws.com/?" + awkward, "ssm", "eu-west-1"),
        sign("path_special_characters", "GET",
             "https://acm-pca.eu-central-1.amazonaws.com/a%20b/%E2%9C%93/c%2Ad/%21%27%28%29/semi%3Bcolon/~x/",
             "acm-pca", "eu-central-1"),
        sign("path_dot_and_empty_segments", "GET",
             "https://secretsmanager.us-west-2.amazonaws.com/a//b/./c/../d", "secretsmanager", "us-west-2"),
        sign("presigned_sts", "GET",
             "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15", "sts", "us-east-1",
             presign_expires=900, verify_after_seconds=600),
        sign("presigned_awkward_query", "GET", "https://ssm.eu-west-1.amazonaws.com/?" + awkward, "ssm",
             "eu-west-1", presign_expires=604800, verify_after_seconds=604000),
        sign("unsigned_payload", "POST", "https://kms.us-east-1.amazonaws.com/", "kms", "us-east-1",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.ListKeys"},
             body=b"{}", payload_signing=False),
        sign("explicit_content_sha256", "POST", "https://kms.us-east-1.amazonaws.com/", "kms", "us-east-1",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.ListKeys",
                      "X-Amz-Content-SHA256": hashlib.sha256(b"{}").hexdigest()},
             body=b"{}"),
        sign("date_header_instead_of_x_amz_date", "POST", "https://kms.us-east-1.amazonaws.com/", "kms",
             "us-east-1",
             headers={"Date": "placeholder", "Content-Type": "application/x-amz-json-1.1",
                      "X-Amz-Target": "TrentService.ListKeys"},
             body=b"{}"),
        sign("session_token_and_spaced_header", "POST", "https://kms.us-east-1.amazonaws.com:8443/", "kms",
             "us-east-1",
             headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.ListKeys",
                      "X-Custom": "  a   b \t c  "},
             body=b"{}", token="FQoGZXIvYXdzEXAMPLETOKEN"),
        sign("empty_body_get_root", "GET", "http://localhost:4566/", "kms", "us-east-1"),
    ]
    return out


if __name__ == "__main__":
    json.dump({"botocore": botocore.__version__, "signedAt": SIGNED_AT.strftime("%Y%m%dT%H%M%SZ"),
               "vectors": vectors()}, sys.stdout, indent=2, ensure_ascii=True)
    sys.stdout.write("\n")
