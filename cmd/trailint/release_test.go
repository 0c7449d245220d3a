package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of goreleaser's version 2 configuration
// that .goreleaser.yaml uses. Decoding with known fields only makes a
// misspelt or misplaced key an error here, as `goreleaser check` would
// make it, without installing goreleaser (a build of it takes CI several
// minutes).
type goreleaserConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		ID           string   `yaml:"id"`
		Main         string   `yaml:"main"`
		Binary       string   `yaml:"binary"`
		Env          []string `yaml:"env"`
		Goos         []string `yaml:"goos"`
		Goarch       []string `yaml:"goarch"`
		Flags        []string `yaml:"flags"`
		Ldflags      []string `yaml:"ldflags"`
		ModTimestamp string   `yaml:"mod_timestamp"`
	} `yaml:"builds"`
	Archives []struct {
		ID              string   `yaml:"id"`
		IDs             []string `yaml:"ids"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		NameTemplate string   `yaml:"name_template"`
		Files        []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Snapshot struct {
		VersionTemplate string `yaml:"version_template"`
	} `yaml:"snapshot"`
	Release struct {
		GitHub struct {
			Owner string `yaml:"owner"`
			Name  string `yaml:"name"`
		} `yaml:"github"`
	} `yaml:"release"`
	Changelog struct {
		Sort    string `yaml:"sort"`
		Filters struct {
			Exclude []string `yaml:"exclude"`
		} `yaml:"filters"`
	} `yaml:"changelog"`
}

// TestReleaseConfig checks what a release must have: static binaries of
// the command for three systems and two architectures, the version stamped
// into main.Version, archives of every build, and their checksums.
func TestReleaseConfig(t *testing.T) {
	dec := yaml.NewDecoder(bytes.NewReader(readRepoFile(t, ".goreleaser.yaml")))
	dec.KnownFields(true)
	var c goreleaserConfig
	if err := dec.Decode(&c); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if c.Version != 2 {
		t.Errorf("version: %d, want 2", c.Version)
	}
	if len(c.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(c.Builds))
	}
	b := c.Builds[0]
	if b.Main != "./cmd/trailint" || b.Binary != "trailint" {
		t.Errorf("builds main %q binary %q, want ./cmd/trailint and trailint", b.Main, b.Binary)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("builds env %q: without CGO_ENABLED=0 the binaries are not static", b.Env)
	}
	for _, set := range []struct {
		name      string
		got, want []string
	}{
		{"goos", b.Goos, []string{"darwin", "linux", "windows"}},
		{"goarch", b.Goarch, []string{"amd64", "arm64"}},
	} {
		got := slices.Sorted(slices.Values(set.got))
		if !slices.Equal(got, set.want) {
			t.Errorf("builds %s %q, want %q", set.name, got, set.want)
		}
	}
	// -X sets a string variable of package main, and nothing else: a
	// renamed or constant Version would be left at its default silently,
	// so this takes its address.
	if v := &Version; *v == "" {
		t.Error("main.Version has no default for builds without -X")
	}
	if ld := strings.Join(b.Ldflags, " "); !strings.Contains(ld, "-X main.Version={{.Version}}") {
		t.Errorf("builds ldflags %q do not set main.Version", ld)
	}

	if len(c.Archives) != 1 || !slices.Equal(c.Archives[0].IDs, []string{b.ID}) {
		t.Fatalf("archives %+v, want one archive of build %q", c.Archives, b.ID)
	}
	a := c.Archives[0]
	if !strings.Contains(a.NameTemplate, "{{ .Os }}") || !strings.Contains(a.NameTemplate, "{{ .Arch }}") {
		t.Errorf("archive name %q does not tell systems and architectures apart", a.NameTemplate)
	}
	if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("archives for Windows are not zip: %+v", a.FormatOverrides)
	}
	for _, pattern := range a.Files {
		if !strings.ContainsAny(pattern, "*?[") {
			if _, err := os.Stat(filepath.Join("..", "..", pattern)); err != nil {
				t.Errorf("archives files: %v", err)
			}
		}
	}
	if c.Checksum.Algorithm != "sha256" || c.Checksum.NameTemplate == "" {
		t.Errorf("checksum %+v, want a sha256 file", c.Checksum)
	}
	// The release goes where the tool says it lives (SARIF's
	// informationUri), whatever remote the clone has.
	if gh := c.Release.GitHub; "https://github.com/"+gh.Owner+"/"+gh.Name != "https://github.com/trailint/trailint" {
		t.Errorf("release github %+v, want trailint/trailint", gh)
	}
}
