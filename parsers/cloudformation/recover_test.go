package cloudformation

import (
	"testing"
	"testing/fstest"
)

// A panic while loading one template is an internal error at that file,
// and the other templates still load.
func TestPanicInOneTemplate(t *testing.T) {
	bucket := func(name string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + name + "\n")}
	}
	fsys := fstest.MapFS{"a.yaml": bucket("a"), "b.yaml": bucket("b"), "c.yaml": bucket("c"),
		// d.yaml imports, so it is evaluated with the other templates'
		// exports known: parsed, planned, instantiated, exports, resources.
		"d.yaml": bucket("!ImportValue x")}
	const a = "res a.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"a\" @a.yaml:5:19-5:20\n"
	const b = "res b.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"b\" @b.yaml:5:19-5:20\n"
	const c = "res c.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"c\" @c.yaml:5:19-5:20\n"
	const d = "res d.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:33 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:33 = unknown(export x is not defined in the scanned templates) @d.yaml:5:19-5:33\n"
	cases := []struct {
		name  string
		panic string // the file whose work panics
		calls int    // panic from this call on the file (1 = parsing)
		want  string
	}{
		{"while parsing", "b.yaml", 1, a + c + d + "diag 0 b.yaml:1:1-1:1 internal error: boom\n"},
		// Calls on a template evaluated alone: parsing, exports, resources.
		{"while evaluating", "c.yaml", 3, a + b + d + "diag 0 c.yaml:1:1-1:1 internal error: boom\n"},
		{"while evaluating with imports", "d.yaml", 5, a + b + c + "diag 0 d.yaml:1:1-1:1 internal error: boom\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			templateHook = func(file string) {
				if file != tc.panic {
					return
				}
				calls++
				if calls >= tc.calls {
					panic("boom")
				}
			}
			defer func() { templateHook = nil }()
			g := Load(fsys, []string{"a.yaml", "b.yaml", "c.yaml", "d.yaml"}, Options{Region: "us-east-1"})
			if got := dump(g); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if calls < tc.calls {
				t.Errorf("%s worked on %d times, want at least %d", tc.panic, calls, tc.calls)
			}
		})
	}
}
