package tfplan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/trailint/trailint/internal/budget"
)

func utf16LE(s string) []byte {
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...)
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// A file that is not a plan Terraform could have written is a diagnostic
// at the place it stops being one, never a crash; what the rest of it
// holds is still read when the problem is confined to a part.
func TestDiagnostics(t *testing.T) {
	const head = `{"format_version": "1.2", `
	for _, tc := range []struct {
		name string
		text string
		opts Options
		want string
	}{
		{"empty", "", Options{},
			"0 0 p.json:1:1-1:1 plan file is not valid JSON: unexpected end of file\n"},
		{"bad literal", "{\"format_version\": \"1.2\",\n  \"errored\": tru}", Options{},
			"0 0 p.json:2:14-2:14 plan file is not valid JSON: expected true\n"},
		{"trailing comma", head + `"variables": {"a": {"value": 1},}}`, Options{},
			"0 0 p.json:1:59-1:59 plan file is not valid JSON: expected a member name in quotes, found '}'\n"},
		{"missing comma", `[1 2]`, Options{},
			"0 0 p.json:1:4-1:4 plan file is not valid JSON: expected ',' or ']' in an array, found '2'\n"},
		{"control character", "{\"format_version\": \"1.\t2\"}", Options{},
			"0 0 p.json:1:23-1:23 plan file is not valid JSON: control character '\\t' in a string\n"},
		{"unterminated string", `{"format_version": "1.2`, Options{},
			"0 0 p.json:1:20-1:20 plan file is not valid JSON: string not terminated\n"},
		{"bad escape", `{"format_version": "1.\x2"}`, Options{},
			"0 0 p.json:1:23-1:23 plan file is not valid JSON: invalid escape sequence\n"},
		{"short unicode escape", `{"format_version": "\u12"}`, Options{},
			"0 0 p.json:1:21-1:21 plan file is not valid JSON: invalid escape sequence\n"},
		{"leading zero", head + `"errored": 01}`, Options{},
			"0 0 p.json:1:39-1:39 plan file is not valid JSON: expected ',' or '}' in an object, found '1'\n"},
		{"bare minus", head + `"errored": -}`, Options{},
			"0 0 p.json:1:38-1:38 plan file is not valid JSON: invalid number\n"},
		{"no fraction digits", head + `"errored": 1.}`, Options{},
			"0 0 p.json:1:38-1:38 plan file is not valid JSON: invalid number\n"},
		{"no exponent digits", head + `"errored": 1e+}`, Options{},
			"0 0 p.json:1:38-1:38 plan file is not valid JSON: invalid number\n"},
		{"text after", "{\"format_version\": \"1.2\"}\n{}", Options{},
			"0 0 p.json:2:1-2:1 plan file is not valid JSON: text after the end of the JSON value\n"},
		{"name not quoted", `{format_version: 1}`, Options{},
			"0 0 p.json:1:2-1:2 plan file is not valid JSON: expected a member name in quotes, found 'f'\n"},
		{"no colon", `{"format_version" "1.2"}`, Options{},
			"0 0 p.json:1:19-1:19 plan file is not valid JSON: expected ':' after a member name\n"},
		{"stray character", `{"format_version": @}`, Options{},
			"0 0 p.json:1:20-1:20 plan file is not valid JSON: unexpected character '@'\n"},
		{"unclosed object", `{"format_version": "1.2"`, Options{},
			"0 0 p.json:1:25-1:25 plan file is not valid JSON: unexpected end of file in an object\n"},
		{"unclosed array", head + `"resource_changes": [`, Options{},
			"0 0 p.json:1:48-1:48 plan file is not valid JSON: unexpected end of file\n"},
		{"too deep", head + `"configuration": ` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}", Options{},
			"0 0 p.json:1:299-1:299 plan file is not valid JSON: values nested over 256 levels deep\n"},
		{"utf-16", string(utf16LE(`{"format_version": "1.2"}`)), Options{},
			"0 0 p.json:1:1-1:1 plan file is encoded in UTF-16, which trailint does not read: write it as UTF-8: in PowerShell, terraform show -json PLANFILE | Out-File -Encoding utf8 plan.json\n"},
		{"not an object", "[\n]", Options{},
			"0 0 p.json:1:1-2:2 plan file is not a Terraform plan: it holds an array, not the object terraform show -json writes\n"},
		{"no format_version", `{"resource_changes": []}`, Options{},
			"0 0 p.json:1:1-1:1 plan file is not a Terraform plan: it has no format_version; write it with terraform show -json PLANFILE\n"},
		{"format_version not a string", `{"format_version": 1}`, Options{},
			"0 0 p.json:1:1-1:1 plan file is not a Terraform plan: it has no format_version; write it with terraform show -json PLANFILE\n"},
		{"major version 2", `{"format_version": "2.0"}`, Options{},
			"0 0 p.json:1:20-1:25 plan file has format_version \"2.0\", which trailint does not read: trailint reads the format of major version 1 that Terraform 0.12 and later write\n"},
		{"too large", head + `"variables": {}}`, Options{MaxBytes: 16},
			"0 0 p.json:1:1-1:1 plan file is over 16 bytes: trailint does not read it; a plan of the resources to check (terraform plan -target=...) is smaller\n"},
		{"errored plan", head + `"errored": true}`, Options{},
			"1 3 p.json:1:38-1:42 the plan did not complete: Terraform stopped planning on an error; what the plan does not give is unknown\n"},
		{"parts of the wrong type", head + `"variables": [], "resource_changes": {}, "planned_values": [], "prior_state": {"values": 1}, "configuration": ""}`, Options{},
			"0 0 p.json:1:137-1:139 plan file is not in Terraform's JSON plan format: configuration must be an object, not a string\n" +
				"0 0 p.json:1:40-1:42 plan file is not in Terraform's JSON plan format: variables must be an object, not an array\n" +
				"0 0 p.json:1:64-1:66 plan file is not in Terraform's JSON plan format: resource_changes must be an array, not an object\n" +
				"0 0 p.json:1:86-1:88 plan file is not in Terraform's JSON plan format: planned_values must be an object, not an array\n" +
				"0 0 p.json:1:116-1:117 plan file is not in Terraform's JSON plan format: prior_state.values must be an object, not a number\n"},
		{"changes Terraform does not write", head + `"resource_changes": [1, {"change": {}}, {"address": "aws_kms_key", "change": {}}, {"address": "aws_kms_key.k"}, {"address": "aws_kms_key.k", "change": {"actions": "create"}}]}`, Options{},
			"0 0 p.json:1:48-1:49 plan file is not in Terraform's JSON plan format: resource_changes[0] must be an object, not a number\n" +
				"0 0 p.json:1:51-1:65 plan file is not in Terraform's JSON plan format: resource_changes[1].address must be a string\n" +
				"0 0 p.json:1:79-1:92 plan file is not in Terraform's JSON plan format: resource_changes[2].address \"aws_kms_key\" is not a resource instance address\n" +
				"0 0 p.json:1:109-1:137 plan file is not in Terraform's JSON plan format: resource_changes[3].change must be an object\n" +
				"0 0 p.json:1:190-1:198 plan file is not in Terraform's JSON plan format: resource_changes[4].change.actions must be an array, not a string\n"},
		{"values Terraform does not write", head + `"planned_values": {"root_module": {"resources": {}, "child_modules": [3, {"resources": [[]]}]}}}`, Options{},
			"0 0 p.json:1:75-1:77 plan file is not in Terraform's JSON plan format: planned_values.root_module.resources must be an array, not an object\n" +
				"0 0 p.json:1:97-1:98 plan file is not in Terraform's JSON plan format: planned_values.root_module.child_modules[0] must be an object, not a number\n" +
				"0 0 p.json:1:115-1:117 plan file is not in Terraform's JSON plan format: planned_values.root_module.child_modules[1].resources[0] must be an object, not an array\n"},
		{"configuration Terraform does not write", head + `"configuration": {"provider_config": {"aws": 1}, "root_module": {"resources": [{"address": "module.m.aws_kms_key.k"}, {}], "module_calls": {"m": 2}}}}`, Options{},
			"0 0 p.json:1:72-1:73 plan file is not in Terraform's JSON plan format: configuration.provider_config[\"aws\"] must be an object, not a number\n" +
				"0 0 p.json:1:118-1:142 plan file is not in Terraform's JSON plan format: configuration.root_module.resources: \"module.m.aws_kms_key.k\" is not a resource address\n" +
				"0 0 p.json:1:145-1:147 plan file is not in Terraform's JSON plan format: configuration.root_module.resources: a resource has no address\n" +
				"0 0 p.json:1:172-1:173 plan file is not in Terraform's JSON plan format: configuration.root_module.module_calls[\"m\"] must be an object, not a number\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Parse([]byte(tc.text), "p.json", tc.opts)
			if got := diagText(p.Diagnostics); got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
			if len(p.Resources()) != 0 || len(p.Instances) != 0 {
				t.Errorf("instances read: %v", p.Addresses())
			}
		})
	}
}

// A part of the wrong type is skipped and the rest of the file read.
func TestRestRead(t *testing.T) {
	p := Parse([]byte(`{"format_version": "1.2", "resource_changes": {}, "variables": {"a": {"value": "x"}, "b": 2},
 "planned_values": {"root_module": {"resources": [{"address": "aws_kms_key.k", "values": {"policy": "{"}}, {"address": "data.aws_region.r", "mode": "data", "values": {"name": "eu-west-3"}}]}}}`), "p.json", Options{})
	if got := diagText(p.Diagnostics); got != "0 0 p.json:1:91-1:92 plan file is not in Terraform's JSON plan format: variables.b must be an object, not a number\n"+
		"0 0 p.json:1:47-1:49 plan file is not in Terraform's JSON plan format: resource_changes must be an array, not an object\n" {
		t.Errorf("diagnostics:\n%s", got)
	}
	if v := p.Variables["a"]; v == nil || v.Value.Str != "x" {
		t.Errorf("variable a: %+v", v)
	}
	k := p.Resource("aws_kms_key.k")
	if k == nil {
		t.Fatal("no key")
	}
	// Policy text that is not JSON stays text, for the policy reader to
	// say so.
	if got := short(k.Props["policy"].Value); got != `"{" @2:101-2:104` {
		t.Errorf("policy %s", got)
	}
	if got := short(k.Region); got != `"eu-west-3" @2:176-2:187` {
		t.Errorf("region %s", got)
	}
}

// Strings decode as encoding/json decodes them: escapes, surrogate pairs,
// and U+FFFD for invalid UTF-8 and lone surrogates.
func TestStrings(t *testing.T) {
	p := Parse([]byte("{\"format_version\": \"1.2\", \"variables\": {"+
		`"a": {"value": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}, `+
		`"b": {"value": "x\ud800y\udc00"}, `+
		"\"c\": {\"value\": \"\xff\xfe ok\"}, "+
		`"d": {"value": "first"}, "d": {"value": "last"}}}`), "p.json", Options{})
	if len(p.Diagnostics) > 0 {
		t.Fatalf("diagnostics:\n%s", diagText(p.Diagnostics))
	}
	for name, want := range map[string]string{
		"a": "\"\\/\b\f\n\r\té😀",
		"b": "x\uFFFDy\uFFFD",
		"c": "\uFFFD\uFFFD ok",
		"d": "last",
	} {
		if got := p.Variables[name].Value.Str; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// Reading is bounded by the run's budget: instances, the size of one
// value and of one collection, the bytes of values built, and the steps
// of following references. Running out is said once, at the construct.
func TestBudget(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fixture   string
		limits    budget.Limits
		want      string
		instances int
	}{
		{"instances", "registry.json", budget.Limits{Instances: 3},
			"0 2 registry.json:214:5-252:6 Evaluation budget exceeded: the root or template expands to over 3 instances, counting every module and nested stack; the instances after this one are not analysed\n", 3},
		{"elements", "registry.json", budget.Limits{Elements: 3},
			"0 2 registry.json:18:9-18:9 Evaluation budget exceeded: a collection would have over 3 elements; the plan file is not read\n", 0},
		{"value bytes", "registry.json", budget.Limits{ValueBytes: 200},
			"0 2 registry.json:236:21-236:21 Evaluation budget exceeded: a value would be over 200 bytes; the plan file is not read\n", 0},
		{"unit bytes", "registry.json", budget.Limits{UnitBytes: 20_000},
			"0 2 registry.json:440:34-440:34 Evaluation budget exceeded: evaluating this makes over 20000 bytes of values; the plan file is not read\n", 0},
		{"steps", "registry.json", budget.Limits{Steps: 2},
			"0 2 registry.json:485:33-490:20 Evaluation budget exceeded: evaluating this takes over 2 steps; references past this one are not followed\n", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := readFixture(t, tc.fixture, Options{Budget: budget.New(tc.limits)})
			if got := diagText(p.Diagnostics); got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
			if len(p.Instances) != tc.instances {
				t.Errorf("%d instances, want %d", len(p.Instances), tc.instances)
			}
		})
	}
}

// The run records what the plan used of each cap.
func TestBudgetUsage(t *testing.T) {
	run := budget.New(budget.Limits{})
	readFixture(t, "registry.json", Options{Budget: run})
	u := run.Usage()
	if u.Used[budget.Instances] != 7 || u.Used[budget.Elements] < 7 || u.Used[budget.ValueBytes] < 400 || u.Used[budget.UnitBytes] == 0 {
		t.Errorf("usage %s", u)
	}
}

// ReadFile reads a file within the size cap, and says why it cannot read
// one at the file's start.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(good, []byte(`{"format_version": "1.2", "variables": {"a": {"value": "x"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if p := ReadFile(good, "plan.json", Options{}); len(p.Diagnostics) > 0 || p.Variables["a"] == nil {
		t.Errorf("good file: %s %v", diagText(p.Diagnostics), p.Variables)
	}
	for _, tc := range []struct {
		path string
		opts Options
		want string
	}{
		{filepath.Join(dir, "missing.json"), Options{}, "0 0 plan.json:1:1-1:1 plan file cannot be read: open: no such file or directory\n"},
		{dir, Options{}, "0 0 plan.json:1:1-1:1 plan file cannot be read: it is a directory\n"},
		{good, Options{MaxBytes: 20}, "0 0 plan.json:1:1-1:1 plan file is over 20 bytes: trailint does not read it; a plan of the resources to check (terraform plan -target=...) is smaller\n"},
	} {
		p := ReadFile(tc.path, "plan.json", tc.opts)
		if got := diagText(p.Diagnostics); got != tc.want {
			t.Errorf("%s: diagnostics:\n%s\nwant:\n%s", tc.path, got, tc.want)
		}
	}
}
