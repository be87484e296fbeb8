"""A Databricks custom OAuth app wired into a Posit Connect OAuth integration, from Python.

Uses the SDK that `pulumi package add <pulumi-posit-connect>/plugin` generates;
tests/plugin/sdks.test.ts byte-compiles this file beside a freshly generated SDK.
"""
import pulumi
import pulumi_posit_connect as posit_connect

config = pulumi.Config()
oauth = posit_connect.databricks.OAuth(
    "databricks-oauth",
    connect_url=config.require("connectUrl"),
    workspace_host=config.require("workspaceHost"),
    description="Databricks as the viewing user",
)
pulumi.export("client_id", oauth.client_id)
pulumi.export("client_secret", oauth.client_secret)
pulumi.export("connect_integration_guid", oauth.connect_integration_guid)
