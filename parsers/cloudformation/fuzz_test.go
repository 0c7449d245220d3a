package cloudformation

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// fileMarker starts a file of its own in a fuzz input: "#file: NAME" on a
// line, so that one input can be a tree of nested stacks.
const fileMarker = "\n#file: "

// splitFiles turns a fuzz input into files: the text before the first
// marker is t.yaml, each marker names the file after it. An input without
// marker is read as t.yaml and as t.json.
func splitFiles(data []byte) fstest.MapFS {
	parts := bytes.Split(data, []byte(fileMarker))
	if len(parts) == 1 {
		return fstest.MapFS{"t.yaml": {Data: data}, "t.json": {Data: data}}
	}
	fsys := fstest.MapFS{"t.yaml": {Data: parts[0]}}
	for _, p := range parts[1:min(len(parts), 33)] {
		name, text, _ := bytes.Cut(p, []byte("\n"))
		if n := string(name); fs.ValidPath(n) && candidate(n) {
			fsys[n] = &fstest.MapFile{Data: text}
		}
	}
	return fsys
}

// fuzzLimits keep each input's work small: the fuzzer looks for crashes
// and for growth the budget does not bound, not for large inputs.
var fuzzLimits = budget.Limits{ValueBytes: 1 << 16, Elements: 10_000, Steps: 20_000, UnitBytes: 1 << 22, Instances: 200}

// fuzzSeeds are inputs built to grow: text that doubles, values that share
// their parts, stacks that fan out, large mappings and many variables,
// keys written twice, and other encodings.
func fuzzSeeds() [][]byte {
	var seeds [][]byte
	add := func(s string) { seeds = append(seeds, []byte(s)) }
	add(subTower(40, "x"))
	add(subTower(40, ""))
	var shared strings.Builder
	shared.WriteString("Mappings:\n  M:\n    L0: {v: [a]}\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&shared, "    L%d: {v: [!FindInMap [M, L%d, v], !FindInMap [M, L%d, v]]}\n", i, i-1, i-1)
	}
	add(shared.String() + "Resources:\n" + trailAfter + "      KMSKeyId: !Join [',', !FindInMap [M, L30, v]]\n")
	fsys, names := fanOut(8)
	var tree strings.Builder
	tree.Write(fsys["s00.yaml"].Data)
	for _, n := range names {
		if n != "s00.yaml" {
			tree.WriteString(fileMarker + n + "\n")
			tree.Write(fsys[n].Data)
		}
	}
	add(strings.ReplaceAll(tree.String(), "TemplateURL: s01.yaml", "TemplateURL: s01.yaml\n      Parameters: {P: !Sub '${AWS::Region}${AWS::Region}'}"))
	add(bigMapping(2000, 50))
	add(subVariables(500))
	add("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      KMSKeyId: a\n      KMSKeyId: b\n  Trail:\n    Type: AWS::S3::Bucket\n")
	add("Conditions:\n  Never: !Equals [a, b]\nResources:\n  Off:\n    Type: AWS::CloudFormation::Stack\n    Condition: Never\n    Properties: {TemplateURL: c.yaml}\n" +
		fileMarker + "c.yaml\nResources:\n  Back:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: t.yaml}\n" + trailAfter)
	add("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketNme: x, Bogus: 1, BucketEncryption: !If [C, a, b]}\n" + trailAfter)
	seeds = append(seeds, utf16Text("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n", false, true))
	add("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: caf\xe9\x01}\n")
	add(`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Base64": {"Fn::Join": ["", [{"Fn::ToJsonString": [1, 2]}]]}}}}`)
	// Loops within loops multiply what they generate.
	loops := "Transform: AWS::LanguageExtensions\nParameters:\n  L: {Type: CommaDelimitedList, Default: 'a,b,c,d,e,f,g,h'}\nResources:\n"
	frag := "{'T${A}${B}${C}${D}${E}': {Type: AWS::CloudTrail::Trail, Properties: {TrailName: !Sub '${A}-&{B}', KMSKeyId: !Ref E}}}"
	for _, id := range []string{"E", "D", "C", "B", "A"} {
		frag = "{'Fn::ForEach::" + id + "': [" + id + ", !Ref L, " + frag + "]}"
	}
	add(loops + "  " + strings.TrimSuffix(strings.TrimPrefix(frag, "{"), "}") + "\n")
	add("Conditions:\n  C: !Equals [!Ref AWS::Region, x]\nResources:\n  T:\n    Type: AWS::CloudTrail::Trail\n" +
		"    Properties: !If [C, &p !If [C, {KMSKeyId: a}, *p], !If [C, *p, !Ref AWS::NoValue]]\n")
	add(`{"Resources": {"T": {"Type": "AWS::CloudTrail::Trail", "Properties": {"KMSKeyId": "a\/b\ud83d\ude00", "S3BucketName": "\u00e9"}}}}`)
	return seeds
}

func FuzzLoad(f *testing.F) {
	for _, b := range fixtures(f) {
		f.Add(b)
	}
	for _, b := range fuzzSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := splitFiles(data)
		var names []string
		for n := range fsys {
			names = append(names, n)
		}
		run := budget.New(fuzzLimits)
		g := Load(fsys, names, Options{Region: "us-east-1", Budget: run})
		text := func(r graph.Range) []byte {
			if f := fsys[r.File]; f != nil {
				return f.Data
			}
			return nil
		}
		for _, r := range g.Resources {
			checkRange(t, text(r.Header), r.Header)
			checkRange(t, text(r.Block), r.Block)
			for _, a := range r.Props {
				checkRange(t, text(a.Range), a.Range)
			}
		}
		for _, d := range g.Diagnostics {
			checkRange(t, text(d.Range), d.Range)
			if d.Class == graph.ClassInternal {
				t.Fatalf("%s: %s", d.Range, d.Summary)
			}
		}
		u := run.Usage()
		for _, k := range []budget.Kind{budget.Steps, budget.Instances, budget.UnitBytes, budget.ValueBytes, budget.Elements} {
			if u.Used[k] > u.Limits.Limit(k)+1 {
				t.Fatalf("%s: used %d of %d", k, u.Used[k], u.Limits.Limit(k))
			}
		}
	})
}
