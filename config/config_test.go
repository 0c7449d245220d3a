package config

import (
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/analyzers"
)

func TestLoad(t *testing.T) {
	fsys := os.DirFS("testdata")
	tests := []struct {
		file string
		want *Config
		err  string
	}{
		{
			file: "valid.yaml",
			want: &Config{
				File:     "valid.yaml",
				Disable:  []string{"TL013", "TL012"},
				Severity: map[string]analyzers.Severity{"TL023": analyzers.Error, "TL030": analyzers.Warning},
				Region:   "eu-west-1",
				FailOn:   "error",
				Exclude:  []string{"vendor", "*.generated.tf"},
				Terraform: Terraform{
					VarFiles: []string{"env/prod.tfvars"},
					Vars:     map[string]string{"account_id": "123456789012", "retention": "90", "regions": `["eu-west-1","us-east-1"]`},
				},
				CloudFormation: CloudFormation{
					ParameterFiles: []string{"params/prod.json"},
					Parameters:     map[string]string{"Stage": "prod"},
					StackNames:     map[string]string{"stacks/key.yaml": "audit-key"},
				},
			},
		},
		{
			file: "sub/.trailint.yaml",
			want: &Config{
				File:      "sub/.trailint.yaml",
				Exclude:   []string{"sub/generated"},
				Terraform: Terraform{VarFiles: []string{"shared.tfvars", "sub/prod.tfvars"}},
			},
		},
		{file: "empty.yaml", want: &Config{File: "empty.yaml"}},
		{
			file: "unknown-key.yaml",
			err: `unknown-key.yaml:2:1: unknown key "disabel" (known keys: disable, severity, region, fail_on, exclude, terraform, cloudformation)
unknown-key.yaml:4:3: unknown key "var_file" in terraform (known keys: var_files, vars)`,
		},
		{
			file: "bad-types.yaml",
			err: `bad-types.yaml:1:10: disable: want a list, got a string
bad-types.yaml:3:10: severity: TL023: unknown level "fatal" (want error, warning or note)
bad-types.yaml:4:3: severity: no rule "TL999" (trailint rules lists them)
bad-types.yaml:5:9: region: want a string, got a list
bad-types.yaml:6:10: fail_on: unknown level "sometimes" (want error, warning, note or never)
bad-types.yaml:9:11: cloudformation.parameters: Stage: want a value, got nothing`,
		},
		{
			file: "outside.yaml",
			err: `outside.yaml:2:15: terraform.var_files: ../../secrets.tfvars is outside the scan root
outside.yaml:2:37: terraform.var_files: /etc/passwd is absolute; write it relative to the settings file
outside.yaml:3:11: exclude: syntax error in pattern`,
		},
		{file: "bad-region.yaml", err: `bad-region.yaml:2:9: region: unknown region "eu-west-4" (did you mean "eu-west-1"?)`},
		{file: "duplicate.yaml", err: `duplicate.yaml:2:1: key "region" is set twice (first on line 1)`},
		{file: "syntax.yaml", err: `syntax.yaml: line 1: did not find expected ',' or ']'`},
		{file: "missing.yaml", err: `missing.yaml: no such file or directory`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Load(fsys, tt.file, 0)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Load error:\n%v\nwant:\n%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

// TestLoadSizeLimit refuses a settings file over the size limit of the
// files a scan reads, from its size before any of it is read.
func TestLoadSizeLimit(t *testing.T) {
	fsys := os.DirFS("testdata")
	if _, err := Load(fsys, "empty.yaml", 1); err != nil {
		t.Errorf("empty.yaml within 1 byte: %v", err)
	}
	info, err := fs.Stat(fsys, "valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("valid.yaml: file is %d bytes, over the limit of 100", info.Size())
	if _, err := Load(fsys, "valid.yaml", 100); err == nil || err.Error() != want {
		t.Errorf("Load = %v, want %s", err, want)
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
		err   string
	}{
		{name: "none", files: []string{"main.tf"}},
		{name: "yaml", files: []string{".trailint.yaml"}, want: ".trailint.yaml"},
		{name: "yml", files: []string{".trailint.yml"}, want: ".trailint.yml"},
		{name: "both", files: []string{".trailint.yaml", ".trailint.yml"}, err: "both .trailint.yaml and .trailint.yml exist; keep one"},
		{name: "nested only", files: []string{"sub/.trailint.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = &fstest.MapFile{Data: []byte("{}\n")}
			}
			got, err := Find(fsys)
			if (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
				t.Fatalf("Find error = %v, want %q", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("Find = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDisabled(t *testing.T) {
	c := &Config{Disable: []string{"TL013"}}
	if !c.Disabled("TL013") || c.Disabled("TL012") {
		t.Errorf("Disabled: TL013 %v, TL012 %v", c.Disabled("TL013"), c.Disabled("TL012"))
	}
	var none *Config
	if none.Disabled("TL013") {
		t.Error("a nil Config disables TL013")
	}
}
