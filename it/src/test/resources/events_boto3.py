"""Runs an EventBridge scenario with boto3 for EventsBoto3Test.

Reads {"endpoint", "region", "receiver", "admin": {"access_key", "secret_key"}} as JSON on stdin and prints
one JSON object of named outcomes; errors are reported as {"error": code, "status": status}.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions


def error_of(call):
    try:
        call()
        return {"error": None}
    except botocore.exceptions.ClientError as e:
        return {"error": e.response.get("Error", {}).get("Code"),
                "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")}


def main():
    plan = json.load(sys.stdin)
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    session = boto3.session.Session(aws_access_key_id=plan["admin"]["access_key"],
                                    aws_secret_access_key=plan["admin"]["secret_key"], region_name=plan["region"])
    events = session.client("events", endpoint_url=plan["endpoint"], config=config)
    out = {}
    bus = events.create_event_bus(Name="boto-bus", Tags=[{"Key": "team", "Value": "sec"}])
    out["bus_arn"] = bus["EventBusArn"]
    out["bus_tags"] = events.list_tags_for_resource(ResourceARN=bus["EventBusArn"])["Tags"]
    conn = events.create_connection(Name="boto-conn", AuthorizationType="BASIC",
                                    AuthParameters={"BasicAuthParameters": {"Username": "boto", "Password": "boto-pass"}})
    out["connection_state"] = conn["ConnectionState"]
    out["connection_described"] = events.describe_connection(Name="boto-conn")["AuthParameters"]
    dest = events.create_api_destination(Name="boto-dest", ConnectionArn=conn["ConnectionArn"],
                                         InvocationEndpoint=plan["receiver"], HttpMethod="PUT",
                                         InvocationRateLimitPerSecond=50)
    events.put_rule(Name="boto-rule", EventBusName="boto-bus",
                    EventPattern=json.dumps({"source": ["boto.app"], "detail": {"kind": [{"anything-but": "ignored"}]}}))
    out["put_targets_failed"] = events.put_targets(Rule="boto-rule", EventBusName="boto-bus", Targets=[
        {"Id": "dest", "Arn": dest["ApiDestinationArn"],
         "InputTransformer": {"InputPathsMap": {"kind": "$.detail.kind"}, "InputTemplate": "{\"kind\": <kind>}"}}
    ])["FailedEntryCount"]
    for i in range(3):
        events.put_rule(Name="page-%d" % i, EventBusName="boto-bus", EventPattern=json.dumps({"source": ["p%d" % i]}))
    names = []
    for page in events.get_paginator("list_rules").paginate(EventBusName="boto-bus", PaginationConfig={"PageSize": 2}):
        names.extend(r["Name"] for r in page["Rules"])
    out["paged_rules"] = names
    put = events.put_events(Entries=[
        {"EventBusName": "boto-bus", "Source": "boto.app", "DetailType": "T", "Detail": json.dumps({"kind": "wanted"})},
        {"EventBusName": "boto-bus", "Source": "boto.app", "DetailType": "T", "Detail": json.dumps({"kind": "ignored"})},
    ])
    out["put_failed"] = put["FailedEntryCount"]
    out["event_ids"] = [e.get("EventId") for e in put["Entries"]]
    out["errors"] = {
        "bus_exists": error_of(lambda: events.create_event_bus(Name="boto-bus")),
        "no_rule": error_of(lambda: events.describe_rule(Name="nope", EventBusName="boto-bus")),
        "bad_pattern": error_of(lambda: events.put_rule(Name="bad", EventPattern="{\"source\": [{\"numeric\": 1}]}")),
        "unsupported": error_of(lambda: events.list_partner_event_sources(NamePrefix="aws.partner")),
        "bad_name": error_of(lambda: events.put_rule(Name="bad name!", EventPattern="{}")),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
