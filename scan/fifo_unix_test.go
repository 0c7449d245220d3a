//go:build unix

package scan

import (
	"path/filepath"
	"syscall"
	"testing"
)

// Named pipes (and links to them) are refused rather than read: reading one
// would wait for a writer for ever.
func TestWalkNamedPipes(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"good/main.tf": goodTF, "good.yaml": goodYAML})
	for _, p := range []string{"pipe.tf", "pipe.yaml"} {
		if err := syscall.Mkfifo(filepath.Join(root, p), 0o644); err != nil {
			t.Skipf("cannot make named pipes: %v", err)
		}
	}
	symlink(t, "pipe.tf", filepath.Join(root, "link.tf"))
	got := summary(run(t, root, Options{}))
	want := goodRes + "\n" +
		"diag 0 link.tf:1:1 Cannot read link.tf: open link.tf: not a regular file\n" +
		"diag 0 pipe.tf:1:1 Cannot read pipe.tf: open pipe.tf: not a regular file\n" +
		"diag 1 pipe.yaml:0:0 cannot read pipe.yaml: not a regular file"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
