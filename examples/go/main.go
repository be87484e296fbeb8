// A Databricks custom OAuth app wired into a Posit Connect OAuth integration, from Go, with the
// SDK that `pulumi package add <pulumi-posit-connect>/plugin` generates. tests/plugin/sdks.test.ts
// builds this file against a freshly generated SDK.
package main

import (
	"github.com/posit-connect-pulumi/sdk/go/posit-connect/databricks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		oauth, err := databricks.NewOAuth(ctx, "databricks-oauth", &databricks.OAuthArgs{
			ConnectUrl:    pulumi.String(cfg.Require("connectUrl")),
			WorkspaceHost: pulumi.String(cfg.Require("workspaceHost")),
			Description:   pulumi.String("Databricks as the viewing user"),
		})
		if err != nil {
			return err
		}
		ctx.Export("clientId", oauth.ClientId)
		ctx.Export("clientSecret", oauth.ClientSecret)
		ctx.Export("connectIntegrationGuid", oauth.ConnectIntegrationGuid)
		return nil
	})
}
