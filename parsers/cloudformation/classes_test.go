package cloudformation

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// Loader diagnostics say their class: a file that cannot be read or does
// not parse (shown, fails the run), a problem of evaluation (shown with
// the findings that depend on it), the command line's input, or a bug.
func TestDiagnosticClasses(t *testing.T) {
	fsys := os.DirFS("testdata/errors")
	g := Load(fsys, []string{"template.yaml", "other.yaml"}, Options{})
	const want = `0 eval template.yaml:11:22-11:31 unknown function Fn::Foo: CloudFormation has no intrinsic function Fn::Foo
0 eval template.yaml:12:17-12:29 Ref to undefined name Nowhere: no parameter, pseudo parameter or resource is named Nowhere
0 eval template.yaml:13:18-13:37 Fn::Sub refers to undefined name Missing: no variable, parameter or resource is named Missing
0 eval template.yaml:14:28-14:45 Fn::GetAtt of undefined resource Ghost
0 eval template.yaml:18:19-18:38 invalid Fn::Select: index 3 is out of range for a list of 2
0 eval template.yaml:22:18-22:38 Fn::FindInMap finds nothing at M/a/z
0 file template.yaml:24:3-24:9 resource NoType has no Type
0 eval template.yaml:29:20-29:36 nested stack TemplateURL /etc/passwd.yaml is an absolute path: only paths relative to the parent template are followed
0 eval template.yaml:30:3-30:9 nested stack template other.yaml is not a CloudFormation template
`
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}

	fsys2, names := files(map[string]string{
		"t.yaml": "Conditions:\n  Loop: !Not [!Condition Loop]\nResources:\n" +
			"  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: !If [Loop, a, b]\n      KMSKeyId: !If [Missing, k, !Ref AWS::NoValue]\n" +
			"  # trailint:ignore\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {KeySpek: x}\n" +
			"  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: gone.yaml}\n",
		"params.json": "[{\"ParameterKey\": \"Env\"}]",
	})
	g = Load(fsys2, names, Options{ParameterFiles: []string{"params.json"}, Parameters: map[string]string{"Nobody": "x"}, CheckParameters: []string{"Nobody"}})
	const want2 = `1 input :- --parameter Nobody: no template of the scan declares a parameter "Nobody": CloudFormation refuses a value for a parameter the template does not declare; check the name.
0 input params.json:1:19-1:24 parameter Env has no ParameterValue
0 eval t.yaml:2:3-2:7 circular condition Loop: condition Loop depends on itself; it is treated as undecidable
0 eval t.yaml:8:22-8:29 condition Missing is not defined
1 file t.yaml:9:3-9:20 trailint:ignore without a rule id: name the rules before the reason: trailint:ignore TL013 TL012 the reason
1 eval t.yaml:12:18-12:25 unknown property KeySpek on AWS::KMS::Key; did you mean KeySpec?: CloudFormation rejects or ignores properties the resource type does not define
0 eval t.yaml:13:3-13:8 nested stack template gone.yaml cannot be read: file does not exist
`
	if got := diags(g); got != want2 {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want2)
	}
}

// A bug met while loading a template is an internal error.
func TestInternalErrorClass(t *testing.T) {
	templateHook = func(string) { panic("boom") }
	defer func() { templateHook = nil }()
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte("Resources: {}\n")}}, []string{"t.yaml"}, Options{})
	const want = "0 internal t.yaml:1:1-1:1 internal error: boom: trailint failed on this file, which is only partly analysed; please report it with the file\n"
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}

// A value unknown because of a mistake in the template says which
// mistake, so that the note about a trail's key names it.
func TestUnknownsNameTheProblem(t *testing.T) {
	fsys, names := files(map[string]string{
		"t.yaml": "Conditions:\n  Loop: !Not [!Condition Loop]\n  Never: !Equals [a, b]\nResources:\n" +
			"  A:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      KMSKeyId: !If [Missing, k, !Ref AWS::NoValue]\n" +
			"  B:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      KMSKeyId: !If [Loop, k, !Ref AWS::NoValue]\n" +
			"  C:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      KMSKeyId: !GetAtt Off.Outputs.KeyArn\n" +
			"  D:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      KMSKeyId: !GetAtt Self.Outputs.KeyArn\n" +
			"  Off:\n    Type: AWS::CloudFormation::Stack\n    Condition: Never\n    Properties: {TemplateURL: keys.yaml}\n" +
			"  Self:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: t.yaml}\n",
		"keys.yaml": "Resources:\n  Key:\n    Type: AWS::KMS::Key\nOutputs:\n  KeyArn: {Value: !GetAtt Key.Arn}\n",
	})
	g := Load(fsys, names, Options{})
	for id, want := range map[string]string{
		"t.yaml:A": "condition Missing is not defined",
		"t.yaml:B": "condition Loop depends on itself",
		"t.yaml:C": "resource Off is not created (condition Never is false)",
		"t.yaml:D": "output KeyArn of nested stack Self is not evaluated: it includes t.yaml within itself",
	} {
		r := g.Lookup(id)
		if r == nil {
			t.Errorf("no %s", id)
			continue
		}
		v := r.Prop(graph.PropKMSKey).Value
		why := v.Why
		if v.Type == graph.Unknown {
			why = v.Describe()
		}
		if !strings.Contains(why, want) {
			t.Errorf("%s: %q, want %q", id, why, want)
		}
	}
}

// A value given for a parameter, or its default, that breaks the
// parameter's constraints is a warning about the input at the
// declaration (at the default, for a default), naming what is allowed;
// the template is evaluated with the value as given.
func TestParameterConstraints(t *testing.T) {
	fsys, names := files(map[string]string{
		"t.yaml": "Parameters:\n" +
			"  Service: {Type: String, AllowedValues: [CLOUDTRAIL, S3]}\n" +
			"  Name: {Type: String, AllowedPattern: '[a-z][a-z0-9-]*', MinLength: 3, MaxLength: 8, Default: Bad_Name}\n" +
			"  Short: {Type: String, MinLength: '3', Default: ab}\n" +
			"  Days: {Type: Number, MinValue: 1, MaxValue: 365, AllowedValues: [7, 30, 400]}\n" +
			"  Regions: {Type: CommaDelimitedList, AllowedValues: [eu-west-1, us-east-1], Default: 'eu-west-1, us-west-2'}\n" +
			"  Pair: {Type: CommaDelimitedList, AllowedValues: [one, 'two,three'], Default: 'two,three'}\n" +
			"  Ok: {Type: String, AllowedValues: ['', x], Default: ''}\n" +
			"  Java: {Type: String, AllowedPattern: '(?=x).*', Default: y}\n" +
			"  Count: {Type: Number, Default: many}\n" +
			"Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: !Ref Service\n",
		"params.json": `[{"ParameterKey": "Days", "ParameterValue": "400"}, {"ParameterKey": "Ok", "ParameterValue": "x"}]`,
	})
	g := Load(fsys, names, Options{ParameterFiles: []string{"params.json"},
		Parameters: map[string]string{"Service": "cloudtrail", "Name": "ok-name"}})
	const want = `1 input t.yaml:2:3-2:10 --parameter Service=cloudtrail is not one of the AllowedValues: "CLOUDTRAIL", "S3": CloudFormation refuses the value; trailint evaluates t.yaml with it as given
1 input t.yaml:3:96-3:104 the default "Bad_Name" of parameter Name does not match the AllowedPattern "[a-z][a-z0-9-]*": CloudFormation refuses the stack when the default is used; trailint evaluates the template with it as given
1 input t.yaml:4:50-4:52 the default "ab" of parameter Short is 2 characters long, less than the MinLength 3: CloudFormation refuses the stack when the default is used; trailint evaluates the template with it as given
1 input t.yaml:5:3-5:7 parameter Days=400 of params.json is more than the MaxValue 365: CloudFormation refuses the value; trailint evaluates t.yaml with it as given
1 input t.yaml:6:87-6:109 the default "eu-west-1, us-west-2" of parameter Regions has an item "us-west-2" that is not one of the AllowedValues: "eu-west-1", "us-east-1": CloudFormation refuses the stack when the default is used; trailint evaluates the template with it as given
1 input t.yaml:10:34-10:38 the default "many" of parameter Count is not a number: CloudFormation refuses the stack when the default is used; trailint evaluates the template with it as given
`
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if got := prop(g, "t.yaml:Trail", graph.PropBucket); got != `"cloudtrail"` {
		t.Errorf("bucket %s, want the value as given", got)
	}
}
