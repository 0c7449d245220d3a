package cloudformation

import (
	"os"
	"strings"
	"testing"

	"github.com/trailint/trailint/internal/budget"
)

// Fn::ForEach is expanded per stack, with its parameters, in Conditions,
// Resources, Outputs and within properties: what it generates is declared
// where the loop's fragment is written, names what ${} and &{} make of
// each item, and is evaluated like any other declaration. A collection
// known only at deploy time generates nothing, and says so: as input when
// trails are what is not checked, as evaluation otherwise.
func TestForEach(t *testing.T) {
	fsys := os.DirFS("testdata/foreach")
	names, err := listFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	g := Load(fsys, names, Options{})
	const want = `res import.yaml:Importer AWS::CloudTrail::Trail "trail" hdr 2:3-2:11 block 2:3-5:43 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @5:7-5:43 = "${Trailb2.Arn}" @template.yaml:50:16-50:47 ->template.yaml:Trailb2.Arn
  KMSKeyId absent
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Keyb2 AWS::KMS::Key "key" hdr 21:7-21:14 block 21:7-25:39 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation absent
res template.yaml:Traila1 AWS::CloudTrail::Trail "trail" hdr 26:7-26:16 block 26:7-34:50 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @29:11-29:41 = "logs-a-1" @template.yaml:29:25-29:41
  KMSKeyId @34:15-34:50 = unknown(resource Keya1 is not created (condition Isa1 is false)) @template.yaml:34:21-34:50 ->template.yaml:Keya1.Arn
  TrailName @30:11-30:28 = "a-1" @template.yaml:30:22-30:28
  IsOrganizationTrail absent
res template.yaml:Trailb2 AWS::CloudTrail::Trail "trail" hdr 26:7-26:16 block 26:7-34:50 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @29:11-29:41 = "logs-b.2" @template.yaml:29:25-29:41
  KMSKeyId @34:15-34:50 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${Keyb2}" @template.yaml:34:21-34:50 ->template.yaml:Keyb2.Arn
  TrailName @30:11-30:28 = "b.2" @template.yaml:30:22-30:28
  IsOrganizationTrail absent
diag 2 template.yaml:35:3-35:23 Fn::ForEach::Unknown: the trails and event data stores it generates are not checked, since its collection is not known statically
diag 2 template.yaml:40:3-40:23 Fn::ForEach::Buckets: what it generates is not checked, since its collection is not known statically
`
	if got := dump(g); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	const wantDiags = `2 input template.yaml:35:3-35:23 Fn::ForEach::Unknown: the trails and event data stores it generates are not checked, since its collection is not known statically: parameter Unset has no value (pass --parameter Unset=...)
2 eval template.yaml:40:3-40:23 Fn::ForEach::Buckets: what it generates is not checked, since its collection is not known statically: parameter Unset has no value (pass --parameter Unset=...)
`
	if got := diags(g); got != wantDiags {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, wantDiags)
	}
}

// A loop CloudFormation would refuse is reported where it is written;
// what the budget stops is reported once, and what was generated before
// stays, with the rest of the template.
func TestForEachProblems(t *testing.T) {
	const head = "AWSTemplateFormatVersion: 2010-09-09\nTransform: AWS::LanguageExtensions\nResources:\n"
	trail := func(key string) string { return "{'" + key + "': {Type: AWS::CloudTrail::Trail}}" }
	cases := []struct {
		name, src string
		limits    budget.Limits
		ids       string // the resources loaded, with their types
		want      string // the diagnostics
	}{
		{name: "no transform", src: "Resources:\n  Fn::ForEach::T:\n    - N\n    - [A]\n    - Trail${N}:\n        Type: AWS::CloudTrail::Trail\n",
			ids:  "t.yaml:TrailA=AWS::CloudTrail::Trail",
			want: "0 file t.yaml:2:3-2:17 Fn::ForEach::T needs Transform: AWS::LanguageExtensions: CloudFormation expands Fn::ForEach only in templates that declare the AWS::LanguageExtensions transform, and refuses the template otherwise\n"},
		{name: "no fragment", src: head + "  Fn::ForEach::T: [N, [A]]\n",
			want: "0 file t.yaml:4:3-4:17 invalid Fn::ForEach::T: it takes [identifier, collection, {key: value}]\n"},
		{name: "identifier not a name", src: head + "  Fn::ForEach::T: [[N], [A], " + trail("T${N}") + "]\n",
			want: "0 file t.yaml:4:20-4:23 invalid Fn::ForEach::T: the identifier must be a name\n"},
		{name: "identifier of the enclosing loop", src: head + "  Fn::ForEach::T: [N, [A], {Fn::ForEach::U: [N, [B], " + trail("T${N}") + "]}]\n",
			want: "0 file t.yaml:4:46-4:47 invalid Fn::ForEach::U: the identifier N is the identifier of an enclosing loop\n"},
		{name: "one key for every item", src: head + "  Fn::ForEach::T: [N, [A, B], " + trail("Trail") + "]\n",
			ids:  "t.yaml:Trail=AWS::CloudTrail::Trail",
			want: "0 eval t.yaml:4:32-4:39 key \"Trail\" is set twice (first on line 4): the keys Fn::ForEach generates must differ from each other and from the keys beside it: CloudFormation refuses the template; trailint analyses the last, as it does for a key written twice\n"},
		{name: "a generated key beside a written one", src: head + "  Fn::ForEach::T: [N, [A], " + trail("Trail${N}") + "]\n  TrailA: {Type: AWS::S3::Bucket}\n",
			ids:  "t.yaml:TrailA=AWS::S3::Bucket",
			want: "0 eval t.yaml:5:3-5:9 key \"TrailA\" is set twice (first on line 4): the keys Fn::ForEach generates must differ from each other and from the keys beside it: CloudFormation refuses the template; trailint analyses the last, as it does for a key written twice\n"},
		{name: "a collection that is not a list", src: head + "  Fn::ForEach::T: [N, {a: b}, " + trail("T${N}") + "]\n",
			want: "2 input t.yaml:4:3-4:17 Fn::ForEach::T: the trails and event data stores it generates are not checked, since its collection is not known statically: the collection is not a list\n"},
		{name: "an item known at deploy time", src: head + "  Fn::ForEach::T: [N, [A, !GetAtt X.Y], " + trail("T${N}") + "]\n  X: {Type: AWS::SNS::Topic}\n",
			want: "2 input t.yaml:4:3-4:17 Fn::ForEach::T: the trails and event data stores it generates are not checked, since its collection is not known statically: an item of the collection is known at deploy time: attribute Y of X is known at deploy time\n"},
		{name: "a collection chosen by a generated condition",
			src: "AWSTemplateFormatVersion: 2010-09-09\nTransform: AWS::LanguageExtensions\n" +
				"Conditions:\n  Fn::ForEach::C: [N, [A], {'Is${N}': !Equals [a, a]}]\n" +
				"Resources:\n  Fn::ForEach::T: [M, !If [IsA, [X], [Y]], " + trail("T${M}") + "]\n",
			ids: "t.yaml:TX=AWS::CloudTrail::Trail"},
		{name: "instances", src: head + "  Fn::ForEach::T: [N, [A, B, C, D, E], {Fn::ForEach::U: [M, [1, 2], " + trail("T${N}${M}") + "]}]\n  After: {Type: AWS::CloudTrail::Trail}\n",
			limits: budget.Limits{Instances: 7},
			ids:    "t.yaml:TA1=AWS::CloudTrail::Trail t.yaml:TA2=AWS::CloudTrail::Trail t.yaml:TB1=AWS::CloudTrail::Trail t.yaml:TB2=AWS::CloudTrail::Trail t.yaml:After=AWS::CloudTrail::Trail",
			want:   "0 budget t.yaml:4:41-4:55 Evaluation budget exceeded: the root or template expands to over 7 instances, counting every module and nested stack; what depends on it is not analysed\n"},
		{name: "steps", src: head + "  Fn::ForEach::T: [N, [A, B, C], {'T${N}': {Type: AWS::CloudTrail::Trail, Properties: {S3BucketName: [a, b, c, d, e, f, g, h]}}}]\n",
			limits: budget.Limits{Steps: 30},
			ids:    "t.yaml:TA=AWS::CloudTrail::Trail",
			want:   "0 budget t.yaml:4:103-4:104 Evaluation budget exceeded: evaluating this takes over 30 steps; what depends on it is not analysed\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys, names := files(map[string]string{"t.yaml": c.src})
			g := Load(fsys, names, Options{Budget: budget.New(c.limits)})
			var ids []string
			for _, r := range g.Resources {
				ids = append(ids, r.ID+"="+r.Type)
			}
			if got := strings.Join(ids, " "); got != c.ids {
				t.Errorf("resources %q, want %q", got, c.ids)
			}
			if got := diags(g); got != c.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
