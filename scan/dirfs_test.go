package scan

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestDirFSKeepsFewRootsOpen reads many files of many dirs at once and
// checks that every read gives the file's text, that a link to a sibling
// dir (which a directory's root alone refuses) is still read, and that no
// more than keepDirs directory roots stay open.
func TestDirFSKeepsFewRootsOpen(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 40 {
		for j := range 3 {
			files[fmt.Sprintf("d%02d/sub/f%d.tf", i, j)] = fmt.Sprintf("%d-%d", i, j)
		}
	}
	writeTree(t, dir, files)
	symlink(t, "../../d01/sub/f0.tf", filepath.Join(dir, "d00", "sub", "link.tf"))
	files["d00/sub/link.tf"] = files["d01/sub/f0.tf"]
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	d := newDirFS(r)
	defer d.Close()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for name, want := range files {
				got, err := fs.ReadFile(d, name)
				if err != nil || string(got) != want {
					t.Errorf("%s: %q, %v; want %q", name, got, err, want)
				}
			}
		})
	}
	wg.Wait()
	if len(d.dirs) > keepDirs || len(d.lru) != len(d.dirs) {
		t.Errorf("%d roots open (%d in the list), want at most %d", len(d.dirs), len(d.lru), keepDirs)
	}
	if _, err := fs.ReadFile(d, "d00/sub/missing.tf"); err == nil || err.Error() != "openat d00/sub/missing.tf: no such file or directory" {
		t.Errorf("missing file: %v, want the scan root's error", err)
	}
}
