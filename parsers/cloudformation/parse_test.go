package cloudformation

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"github.com/trailint/trailint/graph"
)

// utf16Text encodes s in UTF-16, with a byte-order mark if asked.
func utf16Text(s string, big, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// A template in UTF-16, with a byte-order mark or without, is said to be
// unreadable once, at its start; a UTF-16 file that is not a template is
// skipped as any other.
func TestUTF16(t *testing.T) {
	const tmpl = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n"
	const jsonTmpl = `{"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail"}}}`
	fsys := fstest.MapFS{
		"le-bom.yaml":  {Data: utf16Text(tmpl, false, true)},
		"be-bom.yaml":  {Data: utf16Text(tmpl, true, true)},
		"le.json":      {Data: utf16Text(jsonTmpl, false, false)},
		"be.template":  {Data: utf16Text(jsonTmpl, true, false)},
		"notes.yaml":   {Data: utf16Text("title: notes\nitems: [a, b]\n", false, true)},
		"package.json": {Data: utf16Text(`{"name": "x"}`, false, false)},
	}
	var names []string
	for f := range fsys {
		names = append(names, f)
	}
	g := Load(fsys, names, Options{})
	var want strings.Builder
	for _, f := range []string{"be-bom.yaml", "be.template", "le-bom.yaml", "le.json"} {
		fmt.Fprintf(&want, "0 file %s:1:1-1:1 template is encoded in UTF-16, which trailint does not read: save it as UTF-8 to have it analysed\n", f)
	}
	if got := diags(g); got != want.String() {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want.String())
	}
	if got := strings.Join(g.Files, ","); got != "be-bom.yaml,be.template,le-bom.yaml,le.json" {
		t.Errorf("files %s", got)
	}
}

// A key written twice is an error at its second occurrence, in any
// mapping of a template; the last value is the one analysed. A mapping
// large enough to be indexed finds its duplicates the same way.
func TestDuplicateKeys(t *testing.T) {
	var many strings.Builder
	for i := range indexFrom + 4 {
		fmt.Fprintf(&many, "    k%d: {v: x}\n", i)
	}
	src := "Mappings:\n  M:\n" + many.String() + "    k3: {v: y}\n" +
		"Resources:\n" +
		"  Trail:\n" +
		"    Type: AWS::CloudTrail::Trail\n" +
		"    Properties:\n" +
		"      KMSKeyId: alias/first\n" +
		"      S3BucketName: logs\n" +
		"      KMSKeyId: !FindInMap [M, k3, v]\n" +
		"  Trail:\n" +
		"    Type: AWS::CloudTrail::Trail\n" +
		"    Properties: {S3BucketName: again, S3BucketName: last}\n"
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{})
	const detail = ": a mapping must not repeat a key: the AWS CLI and cfn-lint refuse the template; trailint analyses the last value, the one parsers that accept the template keep\n"
	want := `0 file t.yaml:23:5-23:7 key "k3" is set twice (first on line 6)` + detail +
		`0 file t.yaml:30:7-30:15 key "KMSKeyId" is set twice (first on line 28)` + detail +
		`0 file t.yaml:31:3-31:8 key "Trail" is set twice (first on line 25)` + detail +
		`0 file t.yaml:33:39-33:51 key "S3BucketName" is set twice (first on line 33)` + detail
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	// The second Trail, with the first's place among the resources.
	r := g.Lookup("t.yaml:Trail")
	if r == nil || len(g.Resources) != 1 {
		t.Fatalf("%d resources", len(g.Resources))
	}
	if got, want := val(r.Prop(graph.PropBucket).Value), `"last" @t.yaml:33:53-33:57`; got != want || r.Header.Start.Line != 31 {
		t.Errorf("trail at line %d, bucket %s, want line 31 and %s", r.Header.Start.Line, got, want)
	}
	if a := r.Prop(graph.PropKMSKey); a.Value != nil {
		t.Errorf("key %s: the second trail has none", val(a.Value))
	}
}

// The last of two keys is the one read, in a trail's properties.
func TestDuplicateKeyLastWins(t *testing.T) {
	src := "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n" +
		"      KMSKeyId: alias/first\n      S3BucketName: logs\n      KMSKeyId: \"\"\n"
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{})
	if got, want := prop(g, "t.yaml:Trail", graph.PropKMSKey), `"" @t.yaml:7:17-7:19`; got != want {
		t.Errorf("key %s, want %s", got, want)
	}
	if a := g.Lookup("t.yaml:Trail").Prop(graph.PropKMSKey); a.Range.Start.Line != 7 {
		t.Errorf("key attribute at %s, want line 7", span(a.Range))
	}
}

// Encoding and syntax errors point at the character they are about, not
// at the start of the file.
func TestParseErrorPositions(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"not UTF-8", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: caf\xe9s}\n",
			"4:33-4:34 template does not parse: invalid trailing UTF-8 octet"},
		{"not UTF-8 after a byte-order mark", "\xEF\xBB\xBFResources:\n  B:\n    Type: AWS::S3::\xff\n",
			"3:20-3:21 template does not parse: invalid leading UTF-8 octet"},
		{"control character", "Resources:\n  B:\n    Type: AWS::S3::Bucket\x01\n",
			"3:26-3:27 template does not parse: control characters are not allowed"},
		{"unknown anchor", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: *props\n",
			"4:17-4:23 template does not parse: unknown anchor 'props' referenced"},
		{"tab in indentation", "Resources:\n  B:\n\tType: AWS::S3::Bucket\n",
			"3:1-3:2 template does not parse: found character that cannot start any token"},
		{"reserved indicator", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: @logs}\n",
			"4:30-4:31 template does not parse: found character that cannot start any token"},
		{"YAML syntax", "Resources:\n  B:\n    Type: [AWS::S3::Bucket\n  C: 1\n",
			"3:11-3:12 template does not parse: did not find expected ',' or ']'"},
		{"JSON syntax", "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\"}\n    \"C\": {}\n  }\n}\n",
			"4:5-4:6 template does not parse: invalid character '\"' after object key:value pair"},
		{"JSON cut short", "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\"",
			"3:36-3:36 template does not parse: unexpected end of JSON input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := Load(fstest.MapFS{"t.yaml": {Data: []byte(c.src)}}, []string{"t.yaml"}, Options{})
			var got []string
			for _, d := range g.Diagnostics {
				got = append(got, span(d.Range)+" "+d.Summary)
			}
			if strings.Join(got, "\n") != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// A file over the size limit is an error when its head looks like a
// template, as an oversized Terraform file is, and skipped without a word
// when it is data that only mentions AWS types.
func TestOversize(t *testing.T) {
	pad := "#" + strings.Repeat("x", 200) + "\n"
	fsys := fstest.MapFS{
		"version.yaml":   {Data: []byte("AWSTemplateFormatVersion: '2010-09-09'\n" + pad)},
		"resources.json": {Data: []byte(`{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, "Pad": "` + pad[1:201] + `"}`)},
		"utf16.yaml":     {Data: utf16Text("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"+pad, false, true)},
		"policies.json":  {Data: []byte(`{"Policies": [{"Resource": "AWS::S3::Bucket", "Effect": "Allow"}], "Pad": "` + pad[1:201] + `"}`)},
		"values.yaml":    {Data: []byte("Resources: [a, b]\nTypes: [AWS::S3::Bucket]\n" + pad)},
	}
	var names []string
	for f := range fsys {
		names = append(names, f)
	}
	g := Load(fsys, names, Options{MaxFileSize: 100})
	var want strings.Builder
	for _, f := range []string{"resources.json", "utf16.yaml", "version.yaml"} {
		fmt.Fprintf(&want, "0 file %s:1:1-1:1 file is too large to analyse (%d bytes, limit 100): the template is not analysed; --max-file-size raises the limit\n",
			f, len(fsys[f].Data))
	}
	if got := diags(g); got != want.String() {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want.String())
	}
}

// A misspelt or unknown property on a bucket is a warning about
// evaluation, which fails nothing and shows with --verbose, and the
// resources declared after it are still loaded: the trail after the
// bucket keeps its missing key.
func TestUnknownBucketProperty(t *testing.T) {
	src := "Resources:\n" +
		"  Bucket:\n" +
		"    Type: AWS::S3::Bucket\n" +
		"    Properties:\n" +
		"      BucketNme: logs\n" +
		"      ObjectLockRetentionDays: 3\n" +
		"      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}}]}\n" +
		trailAfter
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{})
	const detail = ": CloudFormation rejects or ignores properties the resource type does not define\n"
	want := "1 eval t.yaml:5:7-5:16 unknown property BucketNme on AWS::S3::Bucket; did you mean BucketName?" + detail +
		"1 eval t.yaml:6:7-6:30 unknown property ObjectLockRetentionDays on AWS::S3::Bucket" + detail
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	b := g.Lookup("t.yaml:Bucket")
	if a := b.Prop(graph.PropName); a.Value != nil || a.Misspelled != "BucketNme" {
		t.Errorf("bucket name %s misspelled %q", val(a.Value), a.Misspelled)
	}
	if got := val(b.Prop(graph.PropSSE).Value); !strings.HasPrefix(got, `"aws:kms"`) {
		t.Errorf("encryption %s", got)
	}
	if a := g.Lookup("t.yaml:Trail").Prop(graph.PropKMSKey); a == nil || a.Value != nil {
		t.Error("the trail after the bucket is not loaded with its key absent")
	}
}

// sniffTemplate tells templates from data by their head.
func TestSniffTemplate(t *testing.T) {
	for src, want := range map[string]bool{
		"AWSTemplateFormatVersion: '2010-09-09'":                   true,
		"Resources:\n  B:\n    Type: AWS::S3::Bucket":              true,
		`{"Resources":{"B":{"Type":"Custom::Thing"}}}`:             true,
		"Resources: []\nkind: AWS::S3::Bucket":                     false,
		`{"Statement": [{"Resource": "arn:aws:s3:::AWS::x"}]}`:     false,
		string(bytes.Repeat([]byte("Type: AWS::S3::Bucket\n"), 3)): false,
	} {
		if got := sniffTemplate([]byte(src)); got != want {
			t.Errorf("%q: %v, want %v", src, got, want)
		}
	}
}

// The rule functions are defined in the Rules section only: their short
// forms are accepted there, and are unknown tags anywhere else, each
// reported once where it is written (at the alias, for an alias).
func TestRuleFunctions(t *testing.T) {
	src := "AWSTemplateFormatVersion: 2010-09-09\n" +
		"Parameters:\n  Users: {Type: CommaDelimitedList}\n  Vpcs: {Type: 'List<AWS::EC2::VPC::Id>'}\n" +
		"Rules:\n  Checks:\n    RuleCondition: !Contains [[a, b], !Ref Users]\n    Assertions:\n" +
		"      - Assert: !And [!Contains [!Ref Users, ''], !EachMemberIn [!Ref Users, [a, b]]]\n" +
		"      - Assert: !EachMemberEquals [!ValueOfAll ['AWS::EC2::VPC::Id', Tags.Team], &team !ValueOf [Vpcs, Tags.Team]]\n" +
		"      - Assert: !Not [!Equals [!RefAll 'AWS::EC2::VPC::Id', []]]\n" +
		"Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Contains [[a], a]\n" +
		"      Tags: [{Key: team, Value: *team}, {Key: x, Value: !Foo y}]\n"
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{})
	const want = `0 file t.yaml:16:19-16:37 unknown tag !Contains: CloudFormation defines the short form !Contains only in the Rules section
0 file t.yaml:17:33-17:38 unknown tag !ValueOf: CloudFormation defines the short form !ValueOf only in the Rules section
0 file t.yaml:17:57-17:63 unknown tag !Foo: CloudFormation does not define the short form !Foo
`
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if got := val(g.Lookup("t.yaml:Bucket").Prop(graph.PropName).Value); got != "unknown(unknown tag !Contains) @t.yaml:16:19-16:37" {
		t.Errorf("bucket name %s", got)
	}
}
