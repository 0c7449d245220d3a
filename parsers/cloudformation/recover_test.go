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
		// d.yaml imports and exports, so it is evaluated with the other
		// templates that need others: parsed, planned, instantiated,
		// exports, resources.
		"d.yaml": {Data: append(bucket("!ImportValue x").Data, "Outputs:\n  O:\n    Value: o\n    Export: {Name: o}\n"...)},
		// e.yaml imports only, so it is evaluated on its own once the
		// exports are known: parsed, parsed again, resources.
		"e.yaml": bucket("!ImportValue o")}
	const a = "res a.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"a\" @a.yaml:5:19-5:20\n"
	const b = "res b.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"b\" @b.yaml:5:19-5:20\n"
	const c = "res c.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:20 = \"c\" @c.yaml:5:19-5:20\n"
	const d = "res d.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:33 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:33 = unknown(export x is not defined in the scanned templates) @d.yaml:5:19-5:33\n"
	const e = "res e.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:33 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:33 = \"o\" @d.yaml:8:12-8:13\n"
	const eBroken = "res e.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:33 region \"us-east-1\" (--region)\n" +
		"  BucketName @5:7-5:33 = unknown(export o has no value) @e.yaml:5:19-5:33\n"
	cases := []struct {
		name  string
		panic string // the file whose work panics
		calls int    // panic from this call on the file (1 = parsing)
		want  string
	}{
		{"while parsing", "b.yaml", 1, a + c + d + e + "diag 0 b.yaml:1:1-1:1 internal error: boom\n"},
		// Calls on a template evaluated alone: parsing, exports, resources.
		{"while evaluating", "c.yaml", 3, a + b + d + e + "diag 0 c.yaml:1:1-1:1 internal error: boom\n"},
		// Every call on d.yaml from its resources on fails, the value of its
		// export too.
		{"while evaluating with imports", "d.yaml", 5, a + b + c + eBroken + "diag 0 d.yaml:1:1-1:1 internal error: boom\n"},
		{"while evaluating a leaf", "e.yaml", 3, a + b + c + d + "diag 0 e.yaml:1:1-1:1 internal error: boom\n"},
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
			g := Load(fsys, []string{"a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml"}, Options{Region: "us-east-1"})
			if got := dump(g); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if calls < tc.calls {
				t.Errorf("%s worked on %d times, want at least %d", tc.panic, calls, tc.calls)
			}
		})
	}
}
