package scan

import (
	"os"
	"path/filepath"
	"testing"
)

// Odd entries in the tree are skipped silently or reported, as a user
// would expect, and the other files are still analysed.
func TestWalkOddFiles(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
	cases := []struct {
		name  string
		files map[string]string
		links map[string]string // link -> target
		want  string
	}{
		{"empty files", map[string]string{"e/main.tf": "", "e.yaml": "", "e.json": "", "e.template": ""}, nil,
			goodRes},
		{"binary named .json", map[string]string{"logo.json": png, "data.yaml": png + "AWS::"}, nil,
			goodRes + "\ndiag 0 data.yaml:1:1 template does not parse: invalid leading UTF-8 octet: "},
		{"not UTF-8", map[string]string{"latin/main.tf": "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"caf\xe9\"\n}\n", "latin.yaml": "Description: caf\xe9\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"}, nil,
			goodRes + "\n" +
				"diag 0 latin.yaml:1:17 template does not parse: invalid trailing UTF-8 octet: \n" +
				"diag 0 latin/main.tf:2:16 Invalid character encoding: All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.\n" +
				"diag 0 latin/main.tf:2:16 Unterminated template string: No closing marker was found for the string."},
		// The walk does not follow links to directories; a file link that
		// loops is reported when its name says it may be analysed.
		{"symlink loops", nil, map[string]string{"loop": ".", "self.yaml": "self.yaml", "a.tf": "b.tf", "b.tf": "a.tf", "good/up": ".."},
			goodRes + "\n" +
				"diag 0 a.tf:1:1 Cannot read a.tf: statat a.tf: too many levels of symbolic links\n" +
				"diag 0 b.tf:1:1 Cannot read b.tf: statat b.tf: too many levels of symbolic links\n" +
				"diag 1 self.yaml:0:0 cannot read self.yaml: too many levels of symbolic links"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{"good/main.tf": goodTF, "good.yaml": goodYAML})
			writeTree(t, root, c.files)
			for link, target := range c.links {
				symlink(t, target, filepath.Join(root, filepath.FromSlash(link)))
			}
			if got := summary(run(t, root, Options{})); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// Files and directories that cannot be read are reported, and the rest of
// the tree is analysed.
func TestWalkUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	root := t.TempDir()
	writeTree(t, root, map[string]string{"good/main.tf": goodTF, "good.yaml": goodYAML,
		"locked/main.tf": goodTF, "secret.yaml": goodYAML})
	for _, p := range []string{"locked", "secret.yaml"} {
		if err := os.Chmod(filepath.Join(root, p), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(filepath.Join(root, p), 0o755) })
	}
	got := summary(run(t, root, Options{}))
	want := goodRes + "\n" +
		"diag 1 locked:0:0 cannot read locked: permission denied\n" +
		"diag 1 secret.yaml:0:0 cannot read secret.yaml: permission denied"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
