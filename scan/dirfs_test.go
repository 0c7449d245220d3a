package scan

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trailint/trailint/graph"
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
	d := newDirFS(r, ".")
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
	if len(d.dirs) > keepDirs {
		t.Errorf("%d roots open, want at most %d", len(d.dirs), keepDirs)
	}
	if _, err := fs.ReadFile(d, "d00/sub/missing.tf"); err == nil || err.Error() != "openat d00/sub/missing.tf: no such file or directory" {
		t.Errorf("missing file: %v, want the scan root's error", err)
	}
}

// TestDeepTreeOpensEachDirOnce walks a chain of nested directories and
// checks that each is opened from its parent's root: opening each from the
// repository root again costs a system call per level, and made 10,000
// nested directories take minutes.
func TestDeepTreeOpensEachDirOnce(t *testing.T) {
	const depth = 300
	dir := t.TempDir()
	nest(t, dir, depth, "d", goodTF)
	fsys, err := OpenFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	w := &walker{fsys: fsys, tfDirs: map[string]bool{}, seen: map[string]bool{}, g: &graph.Graph{}, listings: map[string][]fs.DirEntry{}}
	w.walk(".")
	leaf := strings.Repeat("d/", depth) + "main.tf"
	if !w.seen[leaf] || len(w.seen) != 1 || len(w.g.Diagnostics) != 0 {
		t.Errorf("found %d files (%s: %v), %d diagnostics", len(w.seen), leaf[len(leaf)-20:], w.seen[leaf], len(w.g.Diagnostics))
	}
	if len(w.listings) != 1 || w.listings[strings.TrimSuffix(leaf, "/main.tf")] == nil {
		t.Errorf("%d listings kept, want the leaf's alone", len(w.listings))
	}
	// The scan root alone, whose root opens its first directory.
	if fsys.fromTop != 1 {
		t.Errorf("%d directories opened from the repository root, want 1", fsys.fromTop)
	}
}

// nest makes depth directories named name, one in the other, under dir,
// and a main.tf holding tf in the deepest. Each level is made from its
// parent's root: the path soon exceeds what one system call takes.
func nest(t testing.TB, dir string, depth int, name, tf string) {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range depth {
		if err := r.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := r.OpenRoot(name)
		_ = r.Close()
		if err != nil {
			t.Fatal(err)
		}
		r = next
	}
	defer func() { _ = r.Close() }()
	if err := r.WriteFile("main.tf", []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkDeepTree scans chains of nested directories. Each directory is
// opened from its parent, so ns/dir stays flat as the depth grows; opened
// from the top each time, 4,000 levels took 26 times as long as 1,000.
// B/op grows with the sum of the paths' lengths (each names every
// directory above it), which a chain makes quadratic; none of it is kept.
func BenchmarkDeepTree(b *testing.B) {
	for _, depth := range []int{1000, 4000} {
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			dir := b.TempDir()
			nest(b, dir, depth, "d", goodTF)
			b.ReportAllocs()
			for b.Loop() {
				res, err := Run(dir, []string{dir}, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Graph.Files) != 1 || len(res.Graph.Resources) != 1 {
					b.Fatalf("%d files, %d resources", len(res.Graph.Files), len(res.Graph.Resources))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(depth), "ns/dir")
		})
	}
}
