package cloudformation

import (
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
		"child.yaml":  params + "Resources:\n" + trail("Passed", "!If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]")})
	g := Load(fsys, names, Options{Region: "us-east-1", ParameterFiles: []string{"params.json"}, Parameters: map[string]string{"Env": "qa"}})
	for id, want := range map[string]string{
		"t.yaml:Removed": "condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Two": `condition Both is false, so Fn::If removes it: parameter KeyArn is empty by default, parameter Env is "qa" (--parameter)` +
			" (pass --parameter KeyArn=... to change it)",
		"t.yaml:Nested":     `condition IsProd is false and condition Mine is true, so Fn::If removes it: parameter Env is "qa" (--parameter), parameter Org is "mine" (params.json)`,
		"t.yaml:Region":     `condition East is true, so Fn::If removes it: AWS::Region is "us-east-1" (--region)`,
		"t.yaml:NoValue":    "it is set to AWS::NoValue",
		"t.yaml:Empty":      "parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Chosen":     "condition IsProd is false, so Fn::If chooses parameter KeyArn: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it)",
		"t.yaml:Undecided":  "",
		"child.yaml:Passed": "condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty, as Child in parent.yaml passes it",
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
