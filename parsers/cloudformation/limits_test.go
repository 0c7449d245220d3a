package cloudformation

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

func TestMaxFileSize(t *testing.T) {
	big := append([]byte("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n#"), bytes.Repeat([]byte("x"), 10<<20)...)
	fsys := fstest.MapFS{
		"big.yaml":      {Data: big},
		"lock.json":     {Data: bytes.Repeat([]byte(" "), 10<<20+1)},
		"small.yaml":    {Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")},
		"limited.yaml":  {Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n")},
		"unrelated.txt": {Data: big},
	}
	cases := []struct {
		name  string
		files []string
		max   int64
		want  string
	}{
		{"default bound", []string{"big.yaml", "lock.json", "small.yaml", "unrelated.txt"}, 0,
			"res small.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-3:26 region \"${AWS::Region}\" (the stack's region (AWS::Region))\n" +
				"  BucketName absent\n" +
				fmt.Sprintf("diag 0 big.yaml:1:1-1:1 file is too large to analyse (%d bytes, limit %d)\n", len(big), 10<<20)},
		{"option", []string{"limited.yaml"}, 20,
			"diag 0 limited.yaml:1:1-1:1 file is too large to analyse (42 bytes, limit 20)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := dump(Load(fsys, c.files, Options{MaxFileSize: c.max})); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// Positions follow yaml.v3's line breaks (CRLF counts once) and skip a
// byte-order mark; columns count code points and Byte counts bytes.
func TestLineBreaksAndBOM(t *testing.T) {
	src := "\uFEFFResources:\r\n  Trail:\r\n    Type: AWS::CloudTrail::Trail\r\n    Properties:\r\n      TrailName: \"é\"\r\n"
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{})
	if len(g.Resources) != 1 {
		t.Fatalf("resources: %d", len(g.Resources))
	}
	a := g.Resources[0].Prop(graph.PropName)
	want := graph.Range{File: "t.yaml",
		Start: graph.Pos{Line: 5, Column: 7, Byte: strings.Index(src, "TrailName")},
		End:   graph.Pos{Line: 5, Column: 21, Byte: strings.Index(src, "\"é\"") + len("\"é\"")}}
	if a.Range != want {
		t.Errorf("range %+v, want %+v", a.Range, want)
	}
	if s, _ := a.Value.KnownString(); s != "é" {
		t.Errorf("value %q", s)
	}
}

// Files lists the templates read, parsed or not; no file text is kept.
func TestFilesListed(t *testing.T) {
	fsys := os.DirFS("testdata/mixed")
	files, err := listFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	g := Load(fsys, files, Options{})
	if got, want := strings.Join(g.Files, ","), "broken.yaml,good.yml"; got != want {
		t.Errorf("files %s, want %s", got, want)
	}
}

func TestEqual(t *testing.T) {
	hole := func(d graph.Domain, o string) *graph.Value { return graph.Str(graph.Hole(d, o), graph.Range{}) }
	str := func(s string) *graph.Value { return graph.Str(s, graph.Range{}) }
	cases := []struct {
		name string
		a, b *graph.Value
		want tri
	}{
		{"same text", str("a"), str("a"), yes},
		{"different text", str("a"), str("b"), no},
		{"number and text", &graph.Value{Type: graph.Number, Str: "1"}, str("1"), yes},
		{"account vs empty", hole(graph.DomainAccount, "AWS::AccountId"), str(""), no},
		{"account vs twelve digits", hole(graph.DomainAccount, "AWS::AccountId"), str("123456789012"), maybe},
		{"region vs a region", hole(graph.DomainRegion, "AWS::Region"), str("us-east-1"), maybe},
		{"region vs a word", hole(graph.DomainRegion, "AWS::Region"), str("prod"), no},
		{"same hole", hole(graph.DomainName, "AWS::StackName"), hole(graph.DomainName, "AWS::StackName"), yes},
		{"two holes", hole(graph.DomainName, "A"), hole(graph.DomainName, "B"), maybe},
		{"any vs empty", hole(graph.DomainAny, "x"), str(""), maybe},
		{"prefix differs", str("arn:aws:" + graph.Hole(graph.DomainAny, "x")), str("arn:gcp:y"), no},
		{"unknown", graph.UnknownValue("?", graph.Range{}), str(""), maybe},
		{"lists", &graph.Value{Type: graph.List, List: []*graph.Value{str("a")}}, &graph.Value{Type: graph.List, List: []*graph.Value{str("a")}}, yes},
		{"list lengths", &graph.Value{Type: graph.List}, &graph.Value{Type: graph.List, List: []*graph.Value{str("a")}}, no},
	}
	for _, c := range cases {
		if got := equal(c.a, c.b); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}

// fixtures returns every fixture file, for the fuzz corpus.
func fixtures(t testing.TB) [][]byte {
	var out [][]byte
	fsys := os.DirFS("testdata")
	files, err := listFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if candidate(f) {
			b, err := os.ReadFile(path.Join("testdata", f))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// checkRange asserts that a range lies within the file, in order.
func checkRange(t *testing.T, data []byte, r graph.Range) {
	if r.IsZero() {
		return
	}
	if r.Start.Byte < 0 || r.End.Byte > len(data) || r.End.Byte < r.Start.Byte || r.Start.Line < 1 || r.Start.Column < 1 {
		t.Fatalf("bad range %+v for %d bytes", r, len(data))
	}
}

func BenchmarkLoad(b *testing.B) {
	fsys := fstest.MapFS{}
	var files []string
	for i := range 1000 {
		name := fmt.Sprintf("stacks/s%04d/template.yaml", i)
		fsys[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf(benchTemplate, i))}
		files = append(files, name)
	}
	b.ReportAllocs()
	for b.Loop() {
		g := Load(fsys, files, Options{})
		if len(g.Resources) != 3000 {
			b.Fatalf("resources: %d", len(g.Resources))
		}
	}
}

const benchTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [IsProd, true, false]
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: kms:GenerateDataKey*
            Resource: "*"
            Condition:
              StringLike:
                kms:EncryptionContext:aws:cloudtrail:arn: !Sub "arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*"
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "logs-%d-${AWS::AccountId}"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Bucket
      KMSKeyId: !GetAtt Key.Arn
Outputs:
  KeyArn:
    Value: !GetAtt Key.Arn
`
