package cloudformation

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// A trail's key that is written but comes out absent or empty says what
// made it so: the conditions that chose, the parameters that decided them
// and where their values come from, and how to change those left at their
// defaults.
func TestWhyTheKeyIsMissing(t *testing.T) {
	const params = "Parameters:\n" +
		"  KeyArn: {Type: String, Default: ''}\n  Env: {Type: String, Default: dev}\n  Org: {Type: String}\n  Other: {Type: String}\n" +
		"Conditions:\n  HasKey: !Not [!Equals [!Ref KeyArn, '']]\n  IsProd: !Equals [!Ref Env, prod]\n" +
		"  Both: !And [!Condition HasKey, !Condition IsProd]\n  Mine: !Equals [!Ref Org, mine]\n  East: !Equals [!Ref AWS::Region, us-east-1]\n" +
		"  Unknown: !Equals [!Ref Other, x]\n"
	trail := func(name, key string) string {
		return "  " + name + ":\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      KMSKeyId: " + key + "\n"
	}
	src := params + "Resources:\n" +
		trail("Removed", "!If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]") +
		trail("Two", "!If [Both, !Ref KeyArn, !Ref AWS::NoValue]") +
		trail("Nested", "!If [IsProd, !Ref KeyArn, !If [Mine, !Ref AWS::NoValue, x]]") +
		trail("Region", "!If [East, !Ref AWS::NoValue, x]") +
		trail("NoValue", "!Ref AWS::NoValue") +
		trail("Empty", "!Ref KeyArn") +
		trail("Chosen", "!If [IsProd, x, !Ref KeyArn]") +
		trail("Undecided", "!If [Unknown, !Ref AWS::NoValue, !Ref AWS::NoValue]")
	fsys, names := files(map[string]string{"t.yaml": src, "params.json": `{"Org": "mine"}`,
		"parent.yaml": "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: child.yaml, Parameters: {KeyArn: ''}}\n",
		"child.yaml":  params + "Resources:\n" + trail("Passed", "!If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]"),
		// A parent that passes nothing leaves the value to the command line or
		// the default, and the account says so.
		"noparent.yaml": "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n" +
			"    Properties: {TemplateURL: nochild.yaml, Parameters: {KeyArn: !Ref AWS::NoValue, Env: !Ref AWS::NoValue}}\n",
		"nochild.yaml": params + "Resources:\n" + trail("Default", "!If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]") +
			trail("CommandLine", "!If [IsProd, x, !Ref AWS::NoValue]")})
	g := Load(fsys, names, Options{Region: "us-east-1", ParameterFiles: []string{"params.json"}, Parameters: map[string]string{"Env": "qa"}})
	for id, want := range map[string]string{
		"t.yaml:Removed": "condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Two": `condition Both is false, so Fn::If removes it: parameter KeyArn is empty by default, parameter Env is "qa" (--parameter)` +
			" (pass --parameter KeyArn=... to change it)",
		"t.yaml:Nested":            `condition IsProd is false and condition Mine is true, so Fn::If removes it: parameter Env is "qa" (--parameter), parameter Org is "mine" (params.json)`,
		"t.yaml:Region":            `condition East is true, so Fn::If removes it: AWS::Region is "us-east-1" (--region)`,
		"t.yaml:NoValue":           "it is set to AWS::NoValue",
		"t.yaml:Empty":             "parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Chosen":            "condition IsProd is false, so Fn::If chooses parameter KeyArn: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Undecided":         "",
		"child.yaml:Passed":        "condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty, as Child in parent.yaml passes it",
		"nochild.yaml:Default":     "condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"nochild.yaml:CommandLine": `condition IsProd is false, so Fn::If removes it: parameter Env is "qa" (--parameter)`,
	} {
		r := g.Lookup(id)
		if r == nil {
			t.Errorf("no %s", id)
			continue
		}
		v := r.Prop(graph.PropKMSKey).Value
		if v == nil {
			t.Errorf("%s: key absent", id)
			continue
		}
		if v.Because != want {
			t.Errorf("%s: because %q, want %q", id, v.Because, want)
		}
	}
}

// A trail or event data store that a condition decided by parameters
// leaves out is said to be not checked, with the parameters that decide
// it; one a constant condition leaves out, or one of a nested stack, whose
// parent's evaluation is one of several, is not remarked on.
func TestNotCreatedTrails(t *testing.T) {
	const params = "Parameters:\n  Enable: {Type: String, Default: 'false'}\n" +
		"Conditions:\n  On: !Equals [!Ref Enable, 'true']\n  Never: !Equals [a, b]\n"
	res := func(name, typ, cond string) string {
		return "  " + name + ":\n    Type: " + typ + "\n    Condition: " + cond + "\n    Properties:\n      Name: x\n"
	}
	src := params + "Resources:\n" + res("Trail", "AWS::CloudTrail::Trail", "On") +
		res("Store", "AWS::CloudTrail::EventDataStore", "On") + res("Constant", "AWS::CloudTrail::Trail", "Never")
	fsys, names := files(map[string]string{"t.yaml": src,
		"parent.yaml": "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: child.yaml, Parameters: {Enable: 'false'}}\n",
		"child.yaml":  params + "Resources:\n" + res("Nested", "AWS::CloudTrail::Trail", "On")})
	g := Load(fsys, names, Options{})
	var got []string
	for _, d := range g.Diagnostics {
		if d.Class == graph.ClassInput && d.Severity == graph.SevNote {
			got = append(got, d.Range.String()+" "+d.Summary+": "+d.Detail)
		}
	}
	want := []string{
		`t.yaml:9:16 trail Trail is not checked: condition On is false, so the template does not create it: ` +
			`parameter Enable is "false" by default (pass --parameter Enable=... to change it). Its key is checked once the parameters create it.`,
		`t.yaml:14:16 event data store Store is not checked: condition On is false, so the template does not create it: ` +
			`parameter Enable is "false" by default (pass --parameter Enable=... to change it). Its key is checked once the parameters create it.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	g = Load(fsys, []string{"t.yaml"}, Options{Parameters: map[string]string{"Enable": "true"}})
	for _, d := range g.Diagnostics {
		if d.Class == graph.ClassInput {
			t.Errorf("with Enable=true: %s %s", d.Range, d.Summary)
		}
	}
}
