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
	fsys := fstest.MapFS{"a.yaml": bucket("a"), "b.yaml": bucket("b"), "c.yaml": bucket("c")}
	cases := []struct {
		name  string
		panic string // the file whose work panics
		calls int    // panic from this call on the file (1 = parsing)
		want  string
	}{
		{"while parsing", "b.yaml", 1,
			"res a.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
				"  BucketName @5:7-5:20 = \"a\" @a.yaml:5:19-5:20\n" +
				"res c.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
				"  BucketName @5:7-5:20 = \"c\" @c.yaml:5:19-5:20\n" +
				"diag 0 b.yaml:1:1-1:1 internal error: boom\n"},
		{"while evaluating", "c.yaml", 4,
			"res a.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
				"  BucketName @5:7-5:20 = \"a\" @a.yaml:5:19-5:20\n" +
				"res b.yaml:B AWS::S3::Bucket \"bucket\" hdr 2:3-2:4 block 2:3-5:20 region \"us-east-1\" (--region)\n" +
				"  BucketName @5:7-5:20 = \"b\" @b.yaml:5:19-5:20\n" +
				"diag 0 c.yaml:1:1-1:1 internal error: boom\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			templateHook = func(file string) {
				if file != c.panic {
					return
				}
				calls++
				if calls >= c.calls {
					panic("boom")
				}
			}
			defer func() { templateHook = nil }()
			g := Load(fsys, []string{"a.yaml", "b.yaml", "c.yaml"}, Options{Region: "us-east-1"})
			if got := dump(g); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
			if calls < c.calls {
				t.Errorf("%s worked on %d times, want at least %d", c.panic, calls, c.calls)
			}
			if _, ok := g.Sources[c.panic]; !ok && c.calls > 1 {
				t.Errorf("no source kept for %s", c.panic)
			}
		})
	}
}
