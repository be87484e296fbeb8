// Command pulumi-sdkgen writes the Go or Python SDK of a Pulumi package schema with the code
// generators of github.com/pulumi/pulumi/pkg/v3 (the same code `pulumi package gen-sdk` runs
// inside pulumi-language-go and pulumi-language-python). Those language hosts are separate Go
// modules that the Go module proxy does not serve, so `pulumi package gen-sdk` cannot run here;
// this calls their generators directly, pinned to the CLI's v3.248.0.
//
// Usage: pulumi-sdkgen <schema.json> <go|python> <out-dir>
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	// Not used here: what the generated Go SDK imports. Building this tool (npm run
	// pulumi:setup) then fills the module cache with all of it, so the SDK test builds the
	// generated SDK offline (GOPROXY=off) even on a machine whose Go caches started empty.
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const tool = "pulumi-sdkgen"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: %s <schema.json> <go|python> <out-dir>", tool)
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	var files map[string][]byte
	switch args[1] {
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, nil, noLoader{})
	default:
		return fmt.Errorf("language %q: only go and python", args[1])
	}
	if err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(args[2], name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noLoader refuses every other package: the schema is self-contained (it references no other
// package's types), so any lookup is a mistake in the schema.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", pkg)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", d.Name)
}

func (noLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", pkg)
}

func (noLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", d.Name)
}
