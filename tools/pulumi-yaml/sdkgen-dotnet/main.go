// Command pulumi-sdkgen-dotnet writes the .NET (C#) SDK of a Pulumi package schema with the C#
// code generator of github.com/pulumi/pulumi/pkg/v3/codegen/dotnet. That generator left pulumi/pkg
// after v3.206 for pulumi-dotnet, whose Go modules the module proxy does not serve; v3.206.0 is
// already this module's pulumi/pkg (the YAML language host's), so its copy is used here. It is
// the same generator `pulumi package gen-sdk --language dotnet` ran at that release.
//
// Usage: pulumi-sdkgen-dotnet <schema.json> <out-dir>
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen-dotnet"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: %s <schema.json> <out-dir>", tool)
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
	// The generator downloads the NuGet package icon (the schema's logoUrl, else Pulumi's logo
	// from GitHub) with http.Get; this machine has no such network, so that one request is
	// answered here and every other one refused.
	http.DefaultTransport = offlineLogo{}
	files, err := dotnetgen.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(args[1], name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noLoader refuses every other package: the schema is self-contained, so any lookup is a
// mistake in the schema.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", pkg)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema must not reference package %q", d.Name)
}

// defaultLogo is the URL the v3.206 generator falls back to when the schema has no logoUrl.
const defaultLogo = "https://raw.githubusercontent.com/pulumi/pulumi/dbc96206bec722b7791a22ff50e895ab7c0abdc0/sdk/dotnet/pulumi_logo_64x64.png"

// offlineLogo answers the default-logo request with a plain 64x64 PNG drawn here, so no binary
// file is kept in the repository; anything else is an error naming the URL.
type offlineLogo struct{}

func (offlineLogo) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.String() != defaultLogo {
		return nil, fmt.Errorf("%s makes no network requests (asked for %s); give the schema no logoUrl", tool, r.URL)
	}
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := 0; x < 64; x++ {
		for y := 0; y < 64; y++ {
			img.Set(x, y, color.RGBA{R: 0x44, G: 0x77, B: 0xaa, A: 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"image/png"}},
		Body:          io.NopCloser(&buf),
		ContentLength: int64(buf.Len()),
		Request:       r,
	}, nil
}
